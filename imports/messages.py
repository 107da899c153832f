"""Messages of imports, in the active language through the catalogue (Chinese msgids, English in
locale/en): constants that the tests import. Row errors and file problems are stored with their values
(core.stored_text) and shown in the reader's language."""
from django.utils.translation import gettext_lazy

# File level: the file cannot be read at all, or its header row is wrong.
MSG_FILE_TYPE = gettext_lazy("仅支持 .csv 或 .xlsx 文件")
MSG_FILE_ENCODING = gettext_lazy("无法识别文件编码：CSV 文件须为 UTF-8 或 GBK 编码的文本")
MSG_FILE_NOT_XLSX = gettext_lazy("文件不是有效的 Excel（.xlsx）工作簿")
MSG_FILE_ENCODING_GUESS = gettext_lazy(
    "文件编码不受支持：看起来是 {encoding} 编码。请在 Excel 或 WPS 中另存为 UTF-8（推荐）或 GBK 编码的 CSV 后再导入"
)
MSG_FILE_TOO_BIG_UNPACKED = gettext_lazy(
    "Excel 文件解压后过大（{size} MB，上限 {limit} MB），可能不是正常的数据表。请删除多余的工作表、格式和空行，或分成几个文件"
)
MSG_FILE_TOO_MANY_ROWS = gettext_lazy("文件超过 {limit} 行数据，请分成几个文件导入")
MSG_FILE_TOO_MANY_COLUMNS = gettext_lazy("第 {row} 行超过 {limit} 列，请删除多余的列")
MSG_CELL_TOO_LONG = gettext_lazy("第 {row} 行有单元格超过 {limit} 个字符")
MSG_FILE_DETAIL = gettext_lazy("{problem}（{detail}）")
MSG_FILE_EMPTY = gettext_lazy("文件中没有表头行")
MSG_FILE_NO_ROWS = gettext_lazy("文件中没有数据行")
MSG_MISSING_COLUMNS = gettext_lazy("缺少必填列：{columns}")
MSG_DUPLICATE_COLUMN = gettext_lazy("列“{column}”出现了不止一次（第{first}列和第{second}列）")

# Upload form.
MSG_UPLOAD_TOO_LARGE = gettext_lazy("文件过大（{size}），上限为 {limit}")
MSG_UPLOAD_EXTENSION = MSG_FILE_TYPE
MSG_UPLOAD_NOT_XLSX = MSG_FILE_NOT_XLSX
MSG_UPLOAD_NOT_TEXT = gettext_lazy("文件内容不是文本：CSV 文件须为 UTF-8 或 GBK 编码的文本")
MSG_UPLOAD_EMPTY = gettext_lazy("文件为空")

# Cell values.
MSG_REQUIRED = gettext_lazy("必填项不能为空")
MSG_TOO_LONG = gettext_lazy("内容过长：最多{max}个字符，当前{length}个")
MSG_INTEGER = gettext_lazy("应为整数")
MSG_NON_NEGATIVE = gettext_lazy("不能为负数")
MSG_POSITIVE = gettext_lazy("应为正整数")
MSG_INTEGER_TOO_LARGE = gettext_lazy("数值过大（最大 {max}）")
MSG_DATE = gettext_lazy("日期格式无法识别，请使用 2022-06-30 或 2022/6/30")
MSG_DATE_FUTURE = gettext_lazy("日期不能晚于今天（{today}）")
MSG_BOOLEAN = gettext_lazy("应为“是”或“否”（或 true/false、1/0）")
MSG_CHOICE = gettext_lazy("不是有效的取值，可选：{choices}")
MSG_STAR_RATING = gettext_lazy("星级应为空或 1–5 的整数")
MSG_YEAR = gettext_lazy("年份应为 {min}–{max} 之间的四位整数")

# Regions and scope.
MSG_REGION_FORMAT = gettext_lazy("区划代码应为 2、4、6 或 9 位数字")
MSG_REGION_UNKNOWN = gettext_lazy("区划代码“{code}”不存在")
MSG_REGION_LEVEL = gettext_lazy("机构所在区划须为县级（6位）或乡镇街道（9位）代码")
MSG_NATIONAL = gettext_lazy("全国")
MSG_OUT_OF_SCOPE = gettext_lazy("区划“{code}”不在您的管辖范围（{scope}）内")

# Institutions.
MSG_DUPLICATE_CREDIT_CODE = gettext_lazy("统一社会信用代码与第{first}行重复")
MSG_ENROLLED_OVER_SLOTS = gettext_lazy("在托人数（{enrolled}）不能超过托位数（{slots}）")
MSG_DEREGISTERED_BEFORE_FILED = gettext_lazy("注销日期不能早于备案日期（{filed_on}）")
MSG_FILED_AFTER_DEREGISTRATION = gettext_lazy("平台记录该机构已于 {deregistered_on} 注销，备案日期不能晚于注销日期")
MSG_EXISTING_OUT_OF_SCOPE = gettext_lazy("该统一社会信用代码已属于您管辖范围以外的机构")
MSG_EXISTING_IN_WORKFLOW = gettext_lazy("该机构在平台上的备案状态为“{state}”，导入只能新增或更新已备案或已注销的机构")
MSG_CAPACITY_IN_FUTURE = gettext_lazy("该机构已有自 {effective_from} 起生效的托位记录，导入的托位变更无法早于它")

# Population and targets.
MSG_DUPLICATE_REGION_YEAR = gettext_lazy("区划代码和年份与第{first}行重复")

# Run level.
MSG_CONFLICT = gettext_lazy("导入期间数据被其他操作修改，未写入任何数据，请重新导入")
MSG_FAILED = gettext_lazy("导入因内部错误失败，未写入任何数据")
