"""A complete filing as an operator would type it, and minimal valid PDF/PNG/JPEG files."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from filings import services
from filings.models import DocumentType
from filings.prechecks import required_documents
from tests.factories import make_credit_code

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def pdf(name="材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def answers(*, region="130102", credit_code=None, name="长安区小太阳托育园", today=None, classes=None) -> dict:
    today = today or datetime.date.today()
    return {
        "entity": {"credit_code": credit_code or make_credit_code(), "name": name, "nature": "for_profit",
                   "operating_model": "independent", "ownership_type": "private", "inclusive": "yes",
                   "legal_representative": "王芳", "contact_phone": "0311-86001234", "scope_includes_childcare": "yes"},
        "premises": {"region": region, "address": "中山东路100号", "ownership": "leased",
                     "lease_start": (today - datetime.timedelta(days=30)).isoformat(),
                     "lease_end": (today + datetime.timedelta(days=5 * 365)).isoformat(),
                     "building_area": "600", "highest_care_floor": "2", "has_underground_rooms": "no",
                     "cctv_retention_days": "90"},
        "service": {"service_types": ["full_day", "half_day"], "meals_served": "yes", "rows": classes or [
            {"name": "托小一班", "class_type": "toddler_small", "capacity": "15", "enrolled": "10",
             "caregivers": "2"},
            {"name": "托大一班", "class_type": "toddler_large", "capacity": "20", "enrolled": "14",
             "caregivers": "2"},
            {"name": "乳儿班", "class_type": "infant", "capacity": "5", "enrolled": "3", "caregivers": "1"},
        ]},
        "staff": {"rows": [
            {"name": "王芳", "role": "director", "qualification_cert_no": "", "health_check_on": today.isoformat(),
             **staff_identity(0)},
            *[{"name": f"保育员{i}", "role": "caregiver", "qualification_cert_no": f"BY-2024-{i:04d}",
               "health_check_on": (today - datetime.timedelta(days=30)).isoformat(), **staff_identity(i)}
              for i in range(1, 6)],
        ]},
    }


def complete_filing(operator, *, documents=True, **kwargs):
    """A draft with every step answered and (by default) every required document uploaded."""
    filing = services.filing_start_new(by=operator)
    for step, values in answers(**kwargs).items():
        filing = services.filing_save_step(filing=filing, step=step, values=values, by=operator)
    if documents:
        for doc in required_documents(meals_served=True):
            services.filing_document_upload(filing=filing, doc_type=doc, upload=pdf(f"{doc}.pdf"), by=operator)
    return filing


def submitted_filing(operator, **kwargs):
    return services.filing_submit(filing=complete_filing(operator, **kwargs), by=operator)


__all__ = ["DocumentType", "answers", "complete_filing", "pdf", "submitted_filing", "PDF", "PNG", "JPEG"]


def identity_number(i: int) -> str:
    """A valid resident identity number (130102 + born 1990-01-01 + sequence i)."""
    from core.identity import with_check_digit

    return with_check_digit(f"13010219900101{i:03d}")


def staff_identity(i: int) -> dict:
    """A stored staff row's identity: hash and mask of identity_number(i) (the number itself is never stored)."""
    from core.identity import identity_hash, identity_mask

    return {"id_hash": identity_hash(identity_number(i)), "id_masked": identity_mask(identity_number(i))}
