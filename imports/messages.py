"""Bilingual messages of imports ("中文 / English"): constants that the tests import."""

# File level: the file cannot be read at all, or its header row is wrong.
MSG_FILE_TYPE = "仅支持 .csv 或 .xlsx 文件 / Only .csv or .xlsx files are accepted"
MSG_FILE_ENCODING = (
    "无法识别文件编码：CSV 文件须为 UTF-8 或 GBK 编码的文本 / "
    "Cannot read the file: a CSV file must be UTF-8 or GBK encoded text"
)
MSG_FILE_NOT_XLSX = (
    "文件不是有效的 Excel（.xlsx）工作簿 / The file is not a valid Excel (.xlsx) workbook"
)
MSG_FILE_ENCODING_GUESS = (
    "文件编码不受支持：看起来是 {encoding} 编码。请在 Excel 或 WPS 中另存为 UTF-8（推荐）或 GBK 编码的 CSV 后再导入 / "
    "The file's encoding is not supported: it looks like {encoding}. Save it as CSV in UTF-8 (preferred) or GBK "
    "and import it again"
)
MSG_FILE_TOO_BIG_UNPACKED = (
    "Excel 文件解压后过大（{size} MB，上限 {limit} MB），可能不是正常的数据表。请删除多余的工作表、格式和空行，或分成几个文件 / "
    "The Excel file unpacks to {size} MB (the limit is {limit} MB): it is not an ordinary table. Remove extra sheets, "
    "formatting and empty rows, or split it into several files"
)
MSG_FILE_TOO_MANY_ROWS = (
    "文件超过 {limit} 行数据，请分成几个文件导入 / The file has more than {limit} data rows: split it into several files"
)
MSG_FILE_TOO_MANY_COLUMNS = (
    "第 {row} 行超过 {limit} 列，请删除多余的列 / Row {row} has more than {limit} columns: remove the extra columns"
)
MSG_CELL_TOO_LONG = (
    "第 {row} 行有单元格超过 {limit} 个字符 / Row {row} has a cell longer than {limit} characters"
)
MSG_FILE_EMPTY = "文件中没有表头行 / The file has no header row"
MSG_FILE_NO_ROWS = "文件中没有数据行 / The file has no data rows"
MSG_MISSING_COLUMNS = "缺少必填列：{columns} / Missing required columns: {columns}"
MSG_DUPLICATE_COLUMN = (
    "列“{column}”出现了不止一次（第{first}列和第{second}列） / "
    "Column '{column}' appears more than once (columns {first} and {second})"
)

# Upload form.
MSG_UPLOAD_TOO_LARGE = (
    "文件过大（{size}），上限为 {limit} / The file is too large ({size}); the limit is {limit}"
)
MSG_UPLOAD_EXTENSION = MSG_FILE_TYPE
MSG_UPLOAD_NOT_XLSX = MSG_FILE_NOT_XLSX
MSG_UPLOAD_NOT_TEXT = (
    "文件内容不是文本：CSV 文件须为 UTF-8 或 GBK 编码的文本 / "
    "The file content is not text: a CSV file must be UTF-8 or GBK encoded text"
)
MSG_UPLOAD_EMPTY = "文件为空 / The file is empty"

# Cell values.
MSG_REQUIRED = "必填项不能为空 / This value is required"
MSG_TOO_LONG = "内容过长：最多{max}个字符，当前{length}个 / Too long: at most {max} characters, got {length}"
MSG_INTEGER = "应为整数 / Must be a whole number"
MSG_NON_NEGATIVE = "不能为负数 / Must not be negative"
MSG_POSITIVE = "应为正整数 / Must be a positive whole number"
MSG_INTEGER_TOO_LARGE = "数值过大（最大 {max}） / The number is too large (at most {max})"
MSG_DATE = (
    "日期格式无法识别，请使用 2022-06-30 或 2022/6/30 / "
    "Unrecognised date: use 2022-06-30 or 2022/6/30"
)
MSG_DATE_FUTURE = "日期不能晚于今天（{today}） / The date cannot be later than today ({today})"
MSG_BOOLEAN = "应为“是”或“否”（或 true/false、1/0） / Must be 是 or 否 (or true/false, 1/0)"
MSG_CHOICE = "不是有效的取值，可选：{choices} / Not a valid value; one of: {choices}"
MSG_STAR_RATING = "星级应为空或 1–5 的整数 / The star rating must be empty or a whole number from 1 to 5"
MSG_YEAR = "年份应为 {min}–{max} 之间的四位整数 / The year must be a four-digit number from {min} to {max}"

# Regions and scope.
MSG_REGION_FORMAT = "区划代码应为 2、4、6 或 9 位数字 / A region code has 2, 4, 6 or 9 digits"
MSG_REGION_UNKNOWN = "区划代码“{code}”不存在 / Region code '{code}' does not exist"
MSG_REGION_LEVEL = (
    "机构所在区划须为县级（6位）或乡镇街道（9位）代码 / "
    "An institution's region must be a county (6 digits) or a township (9 digits) code"
)
MSG_OUT_OF_SCOPE = (
    "区划“{code}”不在您的管辖范围（{scope}）内 / Region '{code}' is outside your region scope ({scope})"
)

# Institutions.
MSG_DUPLICATE_CREDIT_CODE = (
    "统一社会信用代码与第{first}行重复 / This unified social credit code repeats row {first}"
)
MSG_ENROLLED_OVER_SLOTS = (
    "在托人数（{enrolled}）不能超过托位数（{slots}） / Enrolled children ({enrolled}) cannot exceed slots ({slots})"
)
MSG_DEREGISTERED_BEFORE_FILED = (
    "注销日期不能早于备案日期（{filed_on}） / Deregistration cannot precede filing ({filed_on})"
)
MSG_FILED_AFTER_DEREGISTRATION = (
    "平台记录该机构已于 {deregistered_on} 注销，备案日期不能晚于注销日期 / "
    "The portal records this institution as deregistered on {deregistered_on}; filing cannot come after it"
)
MSG_EXISTING_OUT_OF_SCOPE = (
    "该统一社会信用代码已属于您管辖范围以外的机构 / "
    "This credit code belongs to an institution outside your region scope"
)
MSG_EXISTING_IN_WORKFLOW = (
    "该机构在平台上的备案状态为“{state}”，导入只能新增或更新已备案或已注销的机构 / "
    "This institution's filing state in the portal is '{state}'; an import only creates or updates filed "
    "or deregistered institutions"
)
MSG_CAPACITY_IN_FUTURE = (
    "该机构已有自 {effective_from} 起生效的托位记录，导入的托位变更无法早于它 / "
    "The institution already has a capacity record from {effective_from}; the imported change cannot precede it"
)

# Population and targets.
MSG_DUPLICATE_REGION_YEAR = (
    "区划代码和年份与第{first}行重复 / This region code and year repeat row {first}"
)

# Run level.
MSG_CONFLICT = (
    "导入期间数据被其他操作修改，未写入任何数据，请重新导入 / "
    "The data changed during the import; nothing was written, please run the import again"
)
MSG_FAILED = "导入因内部错误失败，未写入任何数据 / The import failed with an internal error; nothing was written"
