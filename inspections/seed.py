"""The checklists the portal ships with (version 1 of each kind), loaded by a data migration and by the
idempotent `seed_checklists` command.

- 质量评估: the seven dimensions of WS/T 821—2023 with their points out of 1,000 (办托条件 100, 托育队伍 140,
  保育照护 200, 卫生保健 210, 养育支持 80, 安全保障 200, 机构管理 70); the items' points add up to each
  dimension's points; items marked baseline (否决项) grade the assessment D when not met.
- 消防安全: from 托育机构消防安全指南（试行）(2022).
- 卫生保健: from 托儿所幼儿园卫生保健管理办法 and the national rules of DOMAIN.md §5.
- 日常监督: the unannounced routine visit (filing facts, ratios, safety, hygiene).

Items are written as the requirement the inspector checks: "met" means the requirement is fulfilled.
"""
H, M, L = "high", "medium", "low"

# (kind, title, description, [(section title, max points or None, [(text, severity, points, baseline)])])
QUALITY = ("quality", "托育机构质量评估表", "依据《托育机构质量评估标准》（WS/T 821—2023），总分1000分，评估结果分为A、B、C、D四级；"
           "标注“否决项”的内容不符合的，评估结果直接定为D级。", [
    ("办托条件", 100, [
        ("已依法登记并向所在地县级卫生健康部门备案，备案回执及备案信息在醒目位置公示（未备案即开展托育服务的，一票否决）", H, 15, True),
        ("场所为自有产权或租赁期不少于3年，房屋结构安全，有竣工验收或房屋安全鉴定材料", H, 15, False),
        ("托育用房设在三层及以下，未设在地下室或半地下室", H, 15, False),
        ("生活用房、室内外活动场地面积与收托规模相适应，符合《托育机构设置标准（试行）》", M, 15, False),
        ("按乳儿班、托小班、托大班、混合班编班，班额不超过10人、15人、20人、18人，班级数不超过10个", M, 15, False),
        ("设有睡眠区、活动区、配餐区、清洁区、卫生间、储藏区等功能区域，布局合理、互不干扰", M, 10, False),
        ("玩具、图书、家具和设施设备数量充足，适合婴幼儿月龄特点，材质安全环保", L, 10, False),
        ("室内采光、通风、照明良好，装修后室内空气质量检测合格", L, 5, False),
    ]),
    ("托育队伍", 140, [
        ("机构负责人具有大专及以上学历，有3年以上儿童保育教育、卫生健康或相关管理工作经历", M, 20, False),
        ("保育人员与婴幼儿比例符合要求：乳儿班不低于1:3，托小班不低于1:5，托大班不低于1:7", H, 30, False),
        ("保育人员经婴幼儿照护专业培训，持相关资格证书上岗", M, 25, False),
        ("配备专（兼）职保健人员，并经妇幼保健机构卫生保健专业培训合格", M, 20, False),
        ("全体工作人员上岗前经健康检查合格，并每年进行一次健康检查", H, 20, False),
        ("工作人员上岗前完成背景审查，无虐待儿童等违法犯罪记录", H, 15, False),
        ("制定并落实年度培训计划，工作人员每年参加专业培训并有记录", L, 10, False),
    ]),
    ("保育照护", 200, [
        ("制定适合各月龄段的一日生活安排，动静交替，保证每日户外活动时间（天气适宜时不少于2小时）", M, 30, False),
        ("饮水、进餐、睡眠、如厕、盥洗等生活照料规范，及时回应婴幼儿需求", M, 35, False),
        ("提供适宜的游戏和活动，促进婴幼儿动作、语言、认知、情感与社会性发展", M, 35, False),
        ("工作人员态度亲切，无体罚、变相体罚、恐吓、歧视或虐待婴幼儿的行为（发现虐待、伤害婴幼儿的，一票否决）", H, 30, True),
        ("为每名婴幼儿建立成长档案，定期观察、记录发展情况", L, 25, False),
        ("午睡时有专人值守巡视，婴幼儿睡姿安全，寝具一人一铺", H, 25, False),
        ("新入托婴幼儿有适应期安排，家长可参与过渡", L, 20, False),
    ]),
    ("卫生保健", 210, [
        ("婴幼儿入托前经医疗卫生机构健康检查，入托健康检查表齐全", H, 30, False),
        ("坚持晨午检和全日健康观察，记录完整，发现异常及时处理并告知家长", H, 30, False),
        ("带量食谱每周公布，膳食营养均衡；每餐每样食品留样不少于125克，冷藏保存48小时以上并有记录", H, 30, False),
        ("活动室、寝室、卫生间和玩具、餐具、毛巾等按规定清洁消毒，消毒记录完整", M, 30, False),
        ("落实传染病报告、隔离和消毒制度，发现疑似传染病及时报告并处置", H, 30, False),
        ("设置保健室（观察室），常用药品和急救物品在有效期内，管理规范", M, 20, False),
        ("定期测量婴幼儿身高、体重，开展生长发育评价和常见病预防", M, 20, False),
        ("饮用水符合卫生标准，饮水设备定期清洗消毒并有记录", M, 20, False),
    ]),
    ("养育支持", 80, [
        ("建立家园联系制度，通过家长会、开放日等方式定期与家长沟通", L, 20, False),
        ("为家庭提供科学育儿指导服务（讲座、咨询、入户指导等）", L, 20, False),
        ("每日向家长反馈婴幼儿进餐、睡眠、情绪和活动情况", M, 20, False),
        ("公开家长意见反馈渠道，投诉有登记、有处理、有回复", L, 20, False),
    ]),
    ("安全保障", 200, [
        ("建立安全管理制度和安全责任制，明确各岗位安全责任人", M, 25, False),
        ("视频监控覆盖婴幼儿活动的全部区域，录像保存不少于90天（未保存90天的，一票否决）", H, 30, True),
        ("落实婴幼儿接送制度，凭卡（证）接送，非指定人员不得接走婴幼儿", H, 25, False),
        ("消防设施器材配置齐全有效，疏散通道、安全出口保持畅通", H, 30, False),
        ("制定火灾、地震、食物中毒、传染病等应急预案，定期组织应急疏散演练", M, 25, False),
        ("设施设备、玩具无安全隐患（防护栏、防滑、防夹手、电源插座防护等）", M, 25, False),
        ("食品从业人员持有效健康证明，食材采购查验、索证索票记录完整", H, 20, False),
        ("评估周期内未发生严重安全责任事故（发生严重安全责任事故的，一票否决）", H, 20, True),
    ]),
    ("机构管理", 70, [
        ("建立财务、收费、人事等管理制度，收费项目和标准公示", M, 15, False),
        ("与家长签订托育服务协议，明确双方权利义务", M, 15, False),
        ("婴幼儿和工作人员档案完整，按规定保管", L, 10, False),
        ("按规定报送信息，登记或备案事项变化时及时办理变更备案", M, 15, False),
        ("定期开展内部质量自评并持续改进", L, 15, False),
    ]),
])

FIRE = ("fire", "托育机构消防安全检查表", "依据《托育机构消防安全指南（试行）》（2022年）。", [
    ("建筑与场所", None, [
        ("托育用房设在三层及以下，未设在地下或半地下", H),
        ("与其他场所合建时采用防火墙和楼板完全分隔，设有独立的安全出口和疏散楼梯", H),
        ("未与生产、储存、经营易燃易爆危险品的场所设在同一建筑内", H),
        ("室内装修未使用易燃、可燃材料，软包、地垫、帷幕等材料符合防火要求", M),
    ]),
    ("安全疏散", None, [
        ("疏散通道、楼梯间、安全出口畅通，未堆放杂物，营业期间未锁闭", H),
        ("安全出口数量符合要求，疏散门向疏散方向开启", H),
        ("应急照明和疏散指示标志设置完好有效", M),
        ("窗户、阳台未设置影响逃生和灭火救援的铁栅栏、广告牌等障碍物（防护栏能从内部开启）", M),
    ]),
    ("消防设施与器材", None, [
        ("按规定配置灭火器，在有效期内，放置位置明显、便于取用", M),
        ("按规定设置的火灾自动报警、自动喷水灭火等消防设施保持完好有效", H),
        ("婴幼儿睡眠区等场所设有独立式感烟火灾探测报警器或火灾自动报警系统", M),
    ]),
    ("用火用电", None, [
        ("电气线路敷设规范，无私拉乱接、超负荷用电，电源插座有防护措施", H),
        ("未在室内、疏散通道和楼梯间停放电动自行车或为其蓄电池充电", H),
        ("厨房使用燃气的设有可燃气体探测报警装置，燃气管线和阀门完好", M),
        ("电暖器、消毒柜等大功率电器使用规范，下班后切断非必要电源", M),
    ]),
    ("消防安全管理", None, [
        ("明确消防安全责任人和管理人，落实消防安全责任制", M),
        ("每日开展防火巡查，每月开展防火检查，记录完整", L),
        ("定期组织灭火和应急疏散演练（含婴幼儿疏散），有演练记录", M),
        ("工作人员经消防安全培训，会报警、会使用灭火器材、会组织婴幼儿疏散", M),
    ]),
])

HEALTH = ("health", "托育机构卫生保健检查表", "依据《托儿所幼儿园卫生保健管理办法》和托育机构卫生保健相关规范。", [
    ("健康检查", None, [
        ("婴幼儿入托前经医疗卫生机构健康检查，入托健康检查表齐全", H),
        ("每日晨午检记录完整，全日健康观察有记录，异常情况及时处理", H),
        ("工作人员上岗前取得健康合格证明，每年进行一次健康检查", H),
        ("定期测量婴幼儿身高、体重并进行生长发育评价", M),
    ]),
    ("卫生消毒", None, [
        ("活动室、寝室、卫生间等每日清洁、定期消毒，消毒记录完整", M),
        ("餐饮具、水杯、毛巾一人一用一消毒", H),
        ("玩具、图书、床上用品定期清洁消毒", L),
        ("消毒剂配比和使用方法正确，消毒剂存放在婴幼儿无法触及的地方", M),
    ]),
    ("膳食营养", None, [
        ("提供膳食的，持有效食品经营许可证（或按规定备案）", H),
        ("每餐每样食品留样不少于125克，冷藏保存48小时以上，留样记录完整", H),
        ("食品及原料进货查验记录完整，无过期变质食品", H),
        ("带量食谱每周公布，营养搭配合理", M),
    ]),
    ("疾病防控", None, [
        ("落实传染病报告和隔离制度，发现疑似传染病及时报告并处置", H),
        ("查验婴幼儿预防接种证，督促漏种者补种", M),
        ("保健室（观察室）设置规范，常用药品和急救物品在有效期内", M),
        ("因病缺勤登记和追踪记录完整", L),
    ]),
    ("环境与监控", None, [
        ("视频监控覆盖婴幼儿活动区域，录像保存不少于90天", H),
        ("饮用水符合卫生标准，饮水设备定期清洗消毒", M),
    ]),
])

ROUTINE = ("routine", "托育机构日常监督检查表", "不打招呼的日常监督检查：备案事项、人员配备、安全和卫生的关键内容。", [
    ("备案与公示", None, [
        ("实际经营地址、举办者和服务类型与备案信息一致", M),
        ("实际在托人数未超过备案托位数", H),
        ("备案回执、收费项目和标准在醒目位置公示", L),
    ]),
    ("人员配备", None, [
        ("各班保育人员与婴幼儿比例符合要求", H),
        ("在岗工作人员持有效健康证明", H),
        ("保育人员持相关资格证书或经专业培训上岗", M),
    ]),
    ("安全", None, [
        ("疏散通道、安全出口畅通，消防器材完好有效", H),
        ("视频监控正常运行，录像保存不少于90天", H),
        ("落实婴幼儿接送制度，门卫登记完整", M),
        ("设施设备、玩具无明显安全隐患", M),
    ]),
    ("卫生与照护", None, [
        ("晨午检和全日健康观察记录完整", M),
        ("清洁消毒记录完整，环境整洁", M),
        ("提供膳食的，按规定食品留样并有记录", M),
        ("一日生活安排合理，婴幼儿照护无体罚、变相体罚等行为", H),
    ]),
])

CHECKLISTS = (QUALITY, FIRE, HEALTH, ROUTINE)


def seed_checklists(template_model=None, section_model=None, item_model=None) -> int:
    """Create version 1 of each kind that has no checklist yet (published and active); returns how many were
    created. The data migration passes its historical models; the command uses the current ones."""
    if template_model is None:
        from .models import ChecklistItem, ChecklistSection, ChecklistTemplate
        template_model, section_model, item_model = ChecklistTemplate, ChecklistSection, ChecklistItem
    from django.utils import timezone

    created = 0
    for kind, title, description, sections in CHECKLISTS:
        if template_model.objects.filter(kind=kind).exists():
            continue
        template = template_model.objects.create(kind=kind, version=1, title=title, description=description,
                                                 is_active=True, published_at=timezone.now())
        for section_order, (section_title, max_points, items) in enumerate(sections, start=1):
            section = section_model.objects.create(template=template, order=section_order, title=section_title,
                                                   max_points=max_points)
            rows = []
            for item_order, row in enumerate(items, start=1):
                text, severity, points, baseline = (*row, None, False) if len(row) == 2 else row
                rows.append(item_model(section=section, order=item_order, text=text, severity=severity,
                                       points=points, is_baseline=baseline))
            item_model.objects.bulk_create(rows)
        created += 1
    return created
