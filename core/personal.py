"""Masks of personal data (PIPL 个人信息保护法): shown in full only to the roles that need it, after a logged
reveal (docs/security.md "Personal data")."""
import re

MASK = "*"


def mask_name(value: str) -> str:
    """张丽 → 张*, 欧阳娜娜 → 欧***: the first character, one star per other character."""
    value = (value or "").strip()
    return value[:1] + MASK * (len(value) - 1) if len(value) > 1 else value and MASK


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678, 0311-86001234 → 0311-****1234: the first three and last four digits."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 7:
        return MASK * len(digits)
    if "-" in (value or ""):
        area, _, number = value.partition("-")
        return f"{area}-{MASK * max(len(number) - 4, 0)}{number[-4:]}"
    return f"{digits[:3]}{MASK * (len(digits) - 7)}{digits[-4:]}"


def mask_code(value: str) -> str:
    """A certificate or identity number: its first two and last two characters."""
    value = (value or "").strip()
    if len(value) <= 4:
        return MASK * len(value)
    return value[:2] + MASK * (len(value) - 4) + value[-2:]


def mask_date(value) -> str:
    """A personal date (a health check): its year only."""
    text = str(value or "")
    return f"{text[:4]}-**-**" if re.match(r"^\d{4}-", text) else (MASK * 4 if text else "")
