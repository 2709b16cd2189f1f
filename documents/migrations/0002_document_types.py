"""The document types the procedures need, with Wuhan-style numbering patterns.

{code} is the issuer's 机关代字 (武市监 for the city bureau), so a branch issuing the
same type numbers it under its own code; administrators edit patterns in the admin.
"""

from django.db import migrations

TYPES = [
    ("case_source_registration", "案件来源登记表", "{code}案源〔{year}〕{seq}号"),
    ("case_filing_approval", "立案审批表", "{code}立审〔{year}〕{seq}号"),
    ("case_non_filing_approval", "不予立案审批表", "{code}不立审〔{year}〕{seq}号"),
    ("rectification_order", "责令改正通知书", "{code}责改〔{year}〕{seq}号"),
    ("penalty_notice", "行政处罚告知书", "{code}罚告〔{year}〕{seq}号"),
    ("hearing_notice", "听证通知书", "{code}听通〔{year}〕{seq}号"),
    ("penalty_decision", "行政处罚决定书", "{code}处罚〔{year}〕{seq}号"),
    ("non_penalty_decision", "不予行政处罚决定书", "{code}不罚〔{year}〕{seq}号"),
    ("service_receipt", "送达回证", "{code}送达〔{year}〕{seq}号"),
    ("case_closure_approval", "结案审批表", "{code}结审〔{year}〕{seq}号"),
    (
        "licence_revocation_decision",
        "撤销行政许可决定书",
        "{code}许撤〔{year}〕{seq}号",
    ),
    ("licence_cancellation_notice", "注销通知书", "{code}许注〔{year}〕{seq}号"),
    ("province_cancellation_referral", "上报省局注销函", "{code}函〔{year}〕{seq}号"),
    ("platform_disposal_notice", "平台处置通知书", "{code}网处〔{year}〕{seq}号"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, title, pattern in TYPES:
        DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "template": f"documents/{code}.html",
                "number_pattern": pattern,
            },
        )


def unseed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentType.objects.filter(
        code__in=[code for code, _, _ in TYPES], issued__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
