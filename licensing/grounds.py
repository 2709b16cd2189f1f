"""Statutory grounds for withdrawing and cancelling licences (行政许可法)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RevocationGround(models.TextChoices):
    """撤销 grounds, 行政许可法 Art. 69."""

    ABUSE_OF_POWER = (
        "abuse_of_power",
        _("工作人员滥用职权、玩忽职守作出准予许可决定（第六十九条第一款第一项）"),
    )
    BEYOND_AUTHORITY = (
        "beyond_authority",
        _("超越法定职权作出准予许可决定（第六十九条第一款第二项）"),
    )
    PROCEDURE_BREACH = (
        "procedure_breach",
        _("违反法定程序作出准予许可决定（第六十九条第一款第三项）"),
    )
    INELIGIBLE_APPLICANT = (
        "ineligible_applicant",
        _(
            "对不具备申请资格或者不符合法定条件的申请人准予许可（第六十九条第一款第四项）"
        ),
    )
    OTHER_LAWFUL = (
        "other_lawful",
        _("依法可以撤销行政许可的其他情形（第六十九条第一款第五项）"),
    )
    FRAUD_OR_BRIBERY = (
        "fraud_or_bribery",
        _("以欺骗、贿赂等不正当手段取得行政许可（第六十九条第二款，应当撤销）"),
    )


class CancellationGround(models.TextChoices):
    """注销 grounds, 行政许可法 Art. 70."""

    EXPIRED = "expired", _("有效期届满未延续（第七十条第一项）")
    HOLDER_DIED = (
        "holder_died",
        _("赋予公民特定资格的行政许可，该公民死亡或者丧失行为能力（第七十条第二项）"),
    )
    HOLDER_DISSOLVED = (
        "holder_dissolved",
        _("法人或者其他组织依法终止（第七十条第三项）"),
    )
    REVOKED_OR_WITHDRAWN = (
        "revoked_or_withdrawn",
        _("行政许可依法被撤销、撤回，或者许可证件依法被吊销（第七十条第四项）"),
    )
    FORCE_MAJEURE = (
        "force_majeure",
        _("因不可抗力导致行政许可事项无法实施（第七十条第五项）"),
    )
    HOLDER_APPLICATION = (
        "holder_application",
        _("被许可人停止生产并申请注销（第七十条第六项，《食品生产许可管理办法》）"),
    )
    OTHER = "other", _("法律、法规规定的应当注销行政许可的其他情形（第七十条第六项）")


class WithdrawalGround(models.TextChoices):
    """撤回 grounds, 行政许可法 Art. 8."""

    LAW_CHANGED = (
        "law_changed",
        _("所依据的法律、法规、规章修改或者废止（第八条第二款）"),
    )
    CIRCUMSTANCES_CHANGED = (
        "circumstances_changed",
        _("准予许可所依据的客观情况发生重大变化（第八条第二款）"),
    )
