"""The upload form of the import page: it checks the file's size, extension and content, nothing else."""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import messages as msg
from .models import ImportKind
from .readers import (
    SUPPORTED_EXTENSIONS,
    FileRefused,
    check_unpacked_size,
    decode_text,
    file_extension,
    looks_like_xlsx,
)


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入类型"), choices=ImportKind.choices, initial=ImportKind.INSTITUTIONS,
                             widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(
        label=_("文件"), help_text=_("CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx，读取第一个工作表）"),
        error_messages={"empty": msg.MSG_UPLOAD_EMPTY},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(label=_("试运行，仅校验"), required=False,
                                 help_text=_("只校验并报告将要发生的变化，不写入任何数据。"),
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(msg.MSG_UPLOAD_TOO_LARGE.format(size=filesizeformat(upload.size),
                                                                  limit=filesizeformat(limit)))
        extension = file_extension(upload.name)
        if extension not in SUPPORTED_EXTENSIONS:
            raise ValidationError(msg.MSG_UPLOAD_EXTENSION)
        upload.seek(0)
        try:
            if extension == ".xlsx":
                valid = looks_like_xlsx(upload.read(4))
                error = msg.MSG_UPLOAD_NOT_XLSX
                if valid:
                    upload.seek(0)
                    check_unpacked_size(upload)  # a decompression bomb is refused at the field
            else:
                valid = decode_text(upload.read()) is not None
                error = msg.MSG_UPLOAD_NOT_TEXT
        except FileRefused as refused:
            valid, error = False, str(refused.problems[0])
        upload.seek(0)
        if not valid:
            raise ValidationError(error)
        return upload
