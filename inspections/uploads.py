"""What inspections accept as uploads: photos of an answer (JPEG, PNG) and rectification evidence (PDF, JPEG,
PNG), at most MAX_FILES_PER_UPLOAD files at once. The files are checked by content in core.files."""
from django.utils.translation import gettext_lazy

from core.files import DOCUMENT_TYPES, MSG_DOCUMENT_TYPE, MSG_PHOTO_TYPE, PHOTO_TYPES, check_upload

MAX_FILES_PER_UPLOAD = 10
MSG_TOO_MANY_FILES = gettext_lazy("一次最多上传 {n} 个文件")


def check_photo(upload) -> tuple[str, str]:
    return check_upload(upload, accepted=PHOTO_TYPES, type_message=MSG_PHOTO_TYPE)


def check_evidence(upload) -> tuple[str, str]:
    return check_upload(upload, accepted=DOCUMENT_TYPES, type_message=MSG_DOCUMENT_TYPE)
