"""Writes for online cleanup leads. The flows in `workflows.online_cleanup` call these."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from campaigns.models import Campaign
from documents.language import document_language
from enterprises.models import Enterprise
from organisation.models import User

from .listing_keys import listing_key
from .models import (
    EvidenceCapture,
    LeadSource,
    ListingLead,
    ListingLeadEvent,
    ListingProblem,
    TakedownCheck,
    TakedownMeasure,
)

LEAD_FORBIDDEN = _("您没有%(action)s的权限。")
LEAD_NOT_NOW = _("线索当前状态为“%(state)s”，不能%(action)s。")
LEAD_FIELD_REQUIRED = _("请填写%(field)s。")
LEAD_CAPTURE_IN_FUTURE = _("发现时间不能晚于现在。")
LEAD_DEADLINE_PAST = _("处置期限应晚于今天。")
LEAD_CAMPAIGN_REQUIRED = _("来源为专项行动时须选择专项行动。")
EVIDENCE_EMPTY = _("证据文件“%(name)s”是空文件。")
EVIDENCE_ALTERED = _(
    "电子证据“%(name)s”与登记时的SHA-256校验值不一致，已停止下载，请联系系统管理员核查。"
)


def _require(value: str, field) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(LEAD_FIELD_REQUIRED, params={"field": field})
    return value


def _check_perm(actor: User, perm: str, action) -> None:
    if not actor.has_perm(perm):
        raise ValidationError(
            LEAD_FORBIDDEN, code="permission", params={"action": action}
        )


def _lock(lead: ListingLead | int) -> ListingLead:
    pk = lead.pk if isinstance(lead, ListingLead) else lead
    return ListingLead.objects.select_for_update(no_key=True).get(pk=pk)


def _event(lead: ListingLead, action: str, actor: User | None, note: str = "") -> None:
    ListingLeadEvent.objects.create(
        lead=lead, action=action, state=lead.state, actor=actor, note=note
    )


def _apply(
    lead: ListingLead,
    method_name: str,
    action,
    *,
    actor: User | None = None,
    note: str = "",
    **kwargs,
) -> ListingLead:
    method = getattr(lead, method_name)
    if not can_proceed(method):
        raise ValidationError(
            LEAD_NOT_NOW,
            code="state",
            params={"state": lead.get_state_display(), "action": action},
        )
    method(**kwargs)
    lead.full_clean()
    lead.save()
    _event(lead, method_name, actor, note)
    return lead


@transaction.atomic
def evidence_capture_add(
    *,
    lead: ListingLead,
    name: str,
    content: bytes,
    captured_at: datetime.datetime,
    actor: User,
    note: str = "",
) -> EvidenceCapture:
    """Store a captured file once per lead, named by its SHA-256; the same file uploaded
    again is the same evidence."""
    if not content:
        raise ValidationError(EVIDENCE_EMPTY, params={"name": name})
    digest = hashlib.sha256(content).hexdigest()
    existing = EvidenceCapture.objects.filter(lead=lead, sha256=digest).first()
    if existing:
        return existing
    capture = EvidenceCapture(
        lead=lead,
        original_name=name[:255],
        sha256=digest,
        size=len(content),
        captured_at=captured_at,
        note=note[:255],
        uploaded_by=actor,
    )
    capture.file.save(
        name.rsplit("/", 1)[-1] or "evidence", ContentFile(content), save=False
    )
    capture.full_clean()
    capture.save()
    return capture


@transaction.atomic
def evidence_capture_download(*, capture: EvidenceCapture, actor: User) -> bytes:
    """The stored file, if it is still the one registered (its SHA-256), with the
    download on the lead's record; an altered file is refused, not served."""
    with capture.file.open("rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != capture.sha256:
        raise ValidationError(
            EVIDENCE_ALTERED, code="altered", params={"name": capture.original_name}
        )
    _event(
        capture.lead,
        "evidence_download",
        actor,
        note=_("下载电子证据：%(name)s") % {"name": capture.original_name},
    )
    return content


@transaction.atomic
def listing_lead_register(
    *,
    platform_name: str,
    shop_name: str,
    listing_url: str,
    product_name: str,
    problem: str,
    suspected_violation: str,
    captured_at: datetime.datetime,
    actor: User,
    source: str = LeadSource.MONITORING,
    campaign: Campaign | None = None,
    platform: Enterprise | None = None,
    evidence: list[tuple[str, bytes]] = (),
) -> tuple[ListingLead, bool]:
    """Register a monitoring hit. The same listing found again is merged into its lead
    (one more hit, the newer capture time, its evidence added). Returns (lead, created)."""
    _check_perm(actor, "online_cleanup.register_listing_lead", _("登记网络监测线索"))
    platform_name = _require(platform_name, _("平台"))
    listing_url = _require(listing_url, _("链接或商品编号"))
    if problem not in ListingProblem.values:
        raise ValidationError({"problem": _("请选择涉嫌问题。")})
    if source not in LeadSource.values:
        raise ValidationError({"source": _("请选择线索来源。")})
    if source == LeadSource.CAMPAIGN and campaign is None:
        raise ValidationError({"campaign": LEAD_CAMPAIGN_REQUIRED})
    if captured_at > timezone.now():
        raise ValidationError({"captured_at": LEAD_CAPTURE_IN_FUTURE})
    key = listing_key(platform_name, listing_url)
    lead = (
        ListingLead.objects.select_for_update(no_key=True)
        .filter(listing_key=key)
        .first()
    )
    created = lead is None
    if created:
        lead = ListingLead(
            campaign=campaign,
            source=source,
            platform_name=platform_name,
            shop_name=_require(shop_name, _("店铺")),
            listing_url=listing_url,
            listing_key=key,
            product_name=_require(product_name, _("商品名称")),
            problem=problem,
            suspected_violation=_require(suspected_violation, _("涉嫌违法情形")),
            first_captured_at=captured_at,
            last_captured_at=captured_at,
            registered_by=actor,
        )
    else:
        lead.hit_count += 1
        lead.first_captured_at = min(lead.first_captured_at, captured_at)
        lead.last_captured_at = max(lead.last_captured_at, captured_at)
        lead.campaign = lead.campaign or campaign
    lead.platform = lead.platform or platform
    lead.full_clean()
    lead.save()
    for name, content in evidence:
        evidence_capture_add(
            lead=lead, name=name, content=content, captured_at=captured_at, actor=actor
        )
    return lead, created


@transaction.atomic
def listing_lead_identify(
    *,
    lead: ListingLead | int,
    seller: Enterprise | None,
    local: bool,
    authority: str,
    actor: User,
) -> ListingLead:
    """Record the seller; a seller operating elsewhere is referred to its bureau
    (网络交易监督管理办法: the place where it actually operates has jurisdiction)."""
    _check_perm(actor, "online_cleanup.handle_listing_lead", _("核查经营主体"))
    locked = _lock(lead)
    if local:
        if seller is None:
            raise ValidationError({"seller": _("请填写本地经营者的统一社会信用代码。")})
        return _apply(locked, "identify", _("确定经营主体"), actor=actor, seller=seller)
    authority = _require(authority, _("移送机关"))
    return _apply(
        locked,
        "refer_out",
        _("移送"),
        actor=actor,
        note=authority,
        authority=authority,
        seller=seller,
    )


@transaction.atomic
def listing_lead_record_referral_letter(
    *, lead: ListingLead | int, number: str
) -> ListingLead:
    return _apply(
        _lock(lead),
        "record_referral_letter",
        _("登记移送函"),
        note=number,
        number=number,
    )


@transaction.atomic
def listing_lead_notify_platform(
    *, lead: ListingLead | int, measure: str, deadline: datetime.date, actor: User
) -> ListingLead:
    _check_perm(actor, "online_cleanup.handle_listing_lead", _("通知平台处置"))
    if measure not in TakedownMeasure.values:
        raise ValidationError({"measure": _("请选择要求平台采取的措施。")})
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": LEAD_DEADLINE_PAST})
    return _apply(
        _lock(lead),
        "notify_platform",
        _("通知平台处置"),
        measure=measure,
        deadline=deadline,
    )


@transaction.atomic
def listing_lead_record_notice(*, lead: ListingLead | int, number: str) -> ListingLead:
    return _apply(
        _lock(lead), "record_notice", _("登记通知书"), note=number, number=number
    )


@transaction.atomic
def listing_lead_verify(
    *,
    lead: ListingLead | int,
    still_online: bool,
    note: str,
    actor: User,
    evidence: tuple[str, bytes] | None = None,
) -> ListingLead:
    """Re-check the listing after the platform was told to act."""
    _check_perm(actor, "online_cleanup.handle_listing_lead", _("核查下架情况"))
    note = _require(note, _("核查情况"))
    locked = _lock(lead)
    capture = None
    if evidence:
        with document_language():  # stored with the evidence: language of record
            capture_note = str(_("下架核查"))
        capture = evidence_capture_add(
            lead=locked,
            name=evidence[0],
            content=evidence[1],
            captured_at=timezone.now(),
            actor=actor,
            note=capture_note,
        )
    TakedownCheck.objects.create(
        lead=locked,
        still_online=still_online,
        note=note,
        capture=capture,
        checked_by=actor,
    )
    method = "confirm_not_removed" if still_online else "confirm_removed"
    return _apply(
        locked, method, _("登记核查结果"), actor=actor, note=note, outcome=note
    )


@transaction.atomic
def listing_lead_close(*, lead: ListingLead | int) -> ListingLead:
    return _apply(_lock(lead), "close", _("办结"))


@transaction.atomic
def listing_lead_escalate(
    *,
    lead: ListingLead | int,
    against: str,
    actor: User,
    platform: Enterprise | None = None,
) -> ListingLead:
    """Open a case against the seller or the platform operator. `platform` names the
    operator when the lead does not have it yet (imported hits carry only its name)."""
    _check_perm(actor, "online_cleanup.handle_listing_lead", _("转立案"))
    if against not in ("seller", "platform"):
        raise ValidationError({"against": _("请选择立案对象。")})
    locked = _lock(lead)
    if against == "platform" and locked.platform_id is None:
        if platform is None:
            raise ValidationError(
                {"platform": _("尚未登记平台经营者，请填写其统一社会信用代码。")}
            )
        locked.platform = platform
        locked.save(update_fields=["platform"])
    if against == "seller" and locked.seller_id is None:
        raise ValidationError({"against": _("尚未确定平台内经营者，不能对其立案。")})
    return _apply(locked, "escalate", _("转立案"), actor=actor, against=against)


@transaction.atomic
def listing_lead_record_case(*, lead: ListingLead | int, reference: str) -> ListingLead:
    return _apply(
        _lock(lead), "record_case", _("登记立案"), note=reference, reference=reference
    )


@transaction.atomic
def listing_lead_record_platform_follow_up(
    *, lead: ListingLead | int, note: str, actor: User
) -> ListingLead:
    """The platform missed its deadline: record the follow-up with it."""
    _check_perm(actor, "online_cleanup.handle_listing_lead", _("跟进平台处置"))
    note = _require(note, _("跟进情况"))
    locked = _lock(lead)
    _event(locked, "platform_follow_up", actor, note)
    return locked
