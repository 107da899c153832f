/* Statistics dashboard charts (progressive enhancement over the page's tables).
 *
 * Reads the figures the server embedded (#stats-chart-data, json_script) and draws, with the vendored
 * ECharts: the trend of slots, enrolment and slots per 1,000; the slots per operating model; and a
 * choropleth of the child regions coloured by slots per 1,000 (boundaries from /stats/boundaries/,
 * joined on the division code). Clicking a region drills down to its dashboard. Without JavaScript the
 * charts take no room and the tables show the same numbers.
 */
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var source = document.getElementById("stats-chart-data");
  if (!source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  document.documentElement.classList.add("js-charts");
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var t = function (chinese, english) { return zh ? chinese : english; };
  var charts = [];
  var palette = ["#b5261e", "#2f6fb0", "#e39b2d", "#3a9a6a", "#7b5ea7", "#c2577a", "#5c6b7a"];

  function make(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function drillTo(code) {
    var params = new URLSearchParams(window.location.search);
    params.set("region", code);
    params.delete("sort");
    window.location.search = params.toString();
  }

  // Trend: slots and enrolled as bars, slots per 1,000 as a line on the right axis.
  var trend = make("stats-trend");
  if (trend) {
    trend.setOption({
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      grid: { left: 56, right: 44, top: 30, bottom: 24 },
      xAxis: { type: "category", data: data.trend.map(function (r) { return String(r.year); }) },
      yAxis: [{ type: "value", name: "", splitLine: { lineStyle: { color: "#eee" } } },
              { type: "value", name: "", splitLine: { show: false } }],
      series: [
        { name: t("托位数", "Slots"), type: "bar", data: data.trend.map(function (r) { return r.slots; }) },
        { name: t("在托人数", "Enrolled"), type: "bar", data: data.trend.map(function (r) { return r.enrolled; }) },
        { name: t("每千人口托位数", "Slots per 1,000"), type: "line", yAxisIndex: 1, smooth: false,
          data: data.trend.map(function (r) { return r.per1000; }), connectNulls: false }
      ]
    });
  }

  // Operating models: horizontal bars of slots (the table below has shares and pilots).
  var models = make("stats-models");
  if (models) {
    var rows = data.models.slice().reverse();
    models.setOption({
      color: [palette[1]],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 150, right: 30, top: 10, bottom: 20 },
      xAxis: { type: "value", splitLine: { lineStyle: { color: "#eee" } } },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }), axisLabel: { fontSize: 11 } },
      series: [{ name: t("托位数", "Slots"), type: "bar", data: rows.map(function (r) { return r.slots; }),
                 label: { show: true, position: "right", fontSize: 10 } }]
    });
  }

  // Choropleth of the child regions by slots per 1,000.
  var mapElement = document.getElementById("stats-map");
  if (mapElement && data.map) {
    var map = make("stats-map");
    map.showLoading({ text: t("正在加载地图…", "Loading the map…") });
    fetch(mapElement.dataset.boundaryUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (geo) {
        echarts.registerMap("stats-" + data.map, geo);
        var names = {};
        geo.features.forEach(function (f) { names[f.properties.code] = f.properties.name; });
        var byCode = {};
        data.children.forEach(function (c) { byCode[c.code] = c; names[c.code] = c.name; });
        var values = data.children.map(function (c) { return c.per1000; }).filter(function (v) { return v !== null; });
        var max = values.length ? Math.max.apply(null, values) : 1;
        var items = data.children.map(function (c) { return { name: c.code, value: c.per1000 === null ? "-" : c.per1000 }; });
        if (names["境界线"]) {
          items.push({ name: "境界线", label: { show: false }, tooltip: { show: false },
                       emphasis: { disabled: true }, select: { disabled: true }, itemStyle: { borderColor: "#999" } });
        }
        map.hideLoading();
        map.setOption({
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var c = byCode[p.name];
              if (!c) { return names[p.name] || p.name; }
              var per = c.per1000 === null ? t("无人口数据", "no population") : c.per1000.toFixed(2);
              var done = c.completion === null ? "—" : c.completion.toFixed(2) + "%";
              return "<b>" + c.name + "</b><br>" + t("每千人口托位数", "Slots per 1,000") + ": " + per +
                "<br>" + t("托位数", "Slots") + ": " + c.slots.toLocaleString() +
                "<br>" + t("目标完成率", "Target completion") + ": " + done;
            }
          },
          visualMap: {
            min: 0, max: Math.max(max, 0.01), precision: 2, left: 8, bottom: 8, calculable: true, itemHeight: 100,
            text: [t("高", "high"), t("低", "low")], inRange: { color: ["#fde9d9", "#f4a582", "#d6604d", "#9e1c1c"] },
            outOfRange: { color: "#e9ecef" }
          },
          series: [{
            type: "map", map: "stats-" + data.map, nameProperty: "code", roam: true, selectedMode: false,
            // Labels in dark text with a white halo: readable on the palest and the darkest colour alike.
            label: { show: data.children.length <= 40, fontSize: data.children.length > 25 ? 8 : 10, color: "#222",
                     textBorderColor: "#fff",
                     textBorderWidth: 2, formatter: function (p) { return names[p.name] || ""; } },
            labelLayout: { hideOverlap: true },  // small urban districts: no label on top of another
            emphasis: { label: { show: true, formatter: function (p) { return names[p.name] || ""; } },
                        itemStyle: { areaColor: "#ffd666" } },
            itemStyle: { borderColor: "#fff", borderWidth: 0.8, areaColor: "#e9ecef" },
            data: items
          }]
        });
        map.on("click", function (p) {
          if (byCode[p.name]) { drillTo(p.name); }
        });
        mapElement.dataset.ready = "1";
      })
      .catch(function () {
        map.hideLoading();
        mapElement.classList.add("d-none");
      });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  document.documentElement.dataset.chartsReady = "1";
})();
