"""Checks of an uploaded filing document: type by content (magic bytes), never by name, and size."""
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# Leading bytes of the only types accepted, and the suffix the stored file gets.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)

MSG_DOCUMENT_TYPE = (gettext_lazy("只接受 PDF、JPEG 或 PNG 文件（按文件内容识别，而非文件名）"))
MSG_DOCUMENT_SIZE = gettext_lazy("文件大小为{size}，超过{limit}的上限")
MSG_DOCUMENT_EMPTY = gettext_lazy("文件为空")


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, suffix) of the file whose first bytes are `head`, or None if not accepted."""
    for signature, content_type, suffix in SIGNATURES:
        if head.startswith(signature):
            return content_type, suffix
    return None


def check_upload(upload) -> tuple[str, str]:
    """Validate an UploadedFile; returns (content type, suffix) or raises a bilingual ValidationError."""
    if upload.size == 0:
        raise ValidationError(MSG_DOCUMENT_EMPTY, code="empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        size, limit = filesizeformat(upload.size), filesizeformat(MAX_DOCUMENT_BYTES)
        raise ValidationError(MSG_DOCUMENT_SIZE.format(
            size=size, limit=limit, size_en=f"{upload.size / 1024 / 1024:.1f} MB",
            limit_en=f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB"), code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(MSG_DOCUMENT_TYPE, code="type")
    return found
