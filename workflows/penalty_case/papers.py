"""The official papers of a penalty case, made by the documents module at their steps.

Each function builds the document's context from the case records (the keys each
template documents in `documents.specs`) and issues it; the flow records the number on
the case through `enforcement.services`. The flows ask for papers after the step that
needs them commits (`nodes.Paper`); the documents app is imported when a paper is
issued.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinese_formats.formats import date_cn
from documents.language import document_language
from enforcement.clocks import payable_total
from enforcement.models import (
    Case,
    DecisionKind,
    Hearing,
    NonFilingReason,
    NoPenaltyReason,
    PenaltyKind,
    PenaltyLine,
    PenaltyPolicy,
    ServiceMethod,
)
from enforcement.penalties import discretion_citation
from organisation.selectors import home_bureau

CASE_SOURCE_REGISTRATION = "case_source_registration"
CASE_FILING_APPROVAL = "case_filing_approval"
CASE_NON_FILING_APPROVAL = "case_non_filing_approval"
RECTIFICATION_ORDER = "rectification_order"
PENALTY_NOTICE = "penalty_notice"
HEARING_NOTICE = "hearing_notice"
PENALTY_DECISION = "penalty_decision"
NON_PENALTY_DECISION = "non_penalty_decision"
SERVICE_RECEIPT = "service_receipt"
CASE_CLOSURE_APPROVAL = "case_closure_approval"

_FILING_BASIS = (
    "《中华人民共和国行政处罚法》第五十四条第二款、"
    "《市场监督管理行政处罚程序规定》第十九条"
)
_NON_FILING_BASIS = {
    NonFilingReason.MINOR_CORRECTED: "《中华人民共和国行政处罚法》第三十三条第一款",
    NonFilingReason.FIRST_OFFENCE: "《中华人民共和国行政处罚法》第三十三条第一款",
    NonFilingReason.NO_FAULT: "《中华人民共和国行政处罚法》第三十三条第二款",
    NonFilingReason.TIME_BARRED: "《中华人民共和国行政处罚法》第三十六条",
}
_NO_PENALTY_BASIS = {
    NoPenaltyReason.MINOR_CORRECTED: "《中华人民共和国行政处罚法》第三十三条第一款",
    NoPenaltyReason.FIRST_OFFENCE: "《中华人民共和国行政处罚法》第三十三条第一款",
    NoPenaltyReason.NO_FAULT: "《中华人民共和国行政处罚法》第三十三条第二款",
    NoPenaltyReason.NOT_ESTABLISHED: "《中华人民共和国行政处罚法》第五十七条第一款第（三）项",
}
_SERVICE_BASIS = (
    "《中华人民共和国行政处罚法》第六十一条、《中华人民共和国民事诉讼法》有关送达的规定"
)


def document_issue(**kwargs):
    # Imported when used: the documents app builds its renderer lazily.
    from documents.services import document_issue as issue

    return issue(**kwargs)


def _issue(type_code: str, case: Case, context: dict, actor, *, new_number=False):
    """Issue one paper for the case. Reissuing the same type makes a new version under
    the same number (a corrected paper); `new_number` is for a new paper of a type the
    case already has (every 送达回证; a new notice after 补充调查)."""
    return document_issue(
        type_code=type_code,
        issuer=home_bureau(),
        record=case,
        context=context,
        actor=actor,
        new_number=new_number,
    )


def _party(case: Case) -> dict:
    party = case.party
    return {
        "party_name": party.name,
        "party_credit_code": party.credit_code or party.registration_number,
        "party_address": party.address,
        "party_legal_representative": party.legal_representative,
    }


def _lead(case: Case):
    link = (
        case.investigator_links.select_related("user")
        .order_by("-is_lead", "id")
        .first()
    )
    return link.user if link else case.registered_by


def _evidence(case: Case) -> list[str]:
    return [
        f"{e.title}，证明{e.proves}" if e.proves else e.title
        for e in case.evidence.order_by("collected_on", "id")
    ]


def _source_summary(case: Case) -> str:
    parts = [case.get_source_display()]
    if case.source_reference:
        parts.append(f"（{case.source_reference}）")
    parts.append(f"，{date_cn(case.received_on)}登记")
    return "".join(parts)


def _lines(case: Case, stage: str) -> list[PenaltyLine]:
    return list(
        case.penalty_lines.filter(stage=stage).select_related(
            "licence", "discretion_rule", "violation_type"
        )
    )


def _penalties_text(lines: list[PenaltyLine]) -> str:
    return "；".join(f"{n}．{line.summary}" for n, line in enumerate(lines, start=1))


def _discretion_text(case: Case, lines: list[PenaltyLine]) -> str:
    citations = [
        text
        for line in lines
        if line.kind == PenaltyKind.FINE
        and (text := discretion_citation(line, case.discretion_benchmark))
    ]
    parts = [case.discretion_reasons] if case.discretion_reasons else []
    parts += citations
    return "；".join(parts) or _("本案不适用裁量基准所列情形，依法裁量。")


def _statement_summary(case: Case) -> str:
    hearing = case.hearings.filter(round=case.round).first()
    if case.statement_waived_on:
        return _("当事人于%(date)s明确放弃陈述、申辩和要求听证的权利。") % {
            "date": date_cn(case.statement_waived_on)
        }
    if hearing and hearing.held_on:
        text = _("当事人于%(requested)s要求听证，本局于%(held)s依法举行听证。") % {
            "requested": date_cn(hearing.requested_on),
            "held": date_cn(hearing.held_on),
        }
        if hearing.party_attended is False:
            text += _("当事人无正当理由未出席，视为放弃听证权利。")
    elif case.statement_received_on:
        text = _("当事人于%(date)s提出陈述、申辩：%(statement)s") % {
            "date": date_cn(case.statement_received_on),
            "statement": case.statement,
        }
    else:
        return _("当事人在法定期限内未提出陈述、申辩，也未要求听证。")
    if case.re_examination_opinion:
        text += _("经复核，%(opinion)s") % {"opinion": case.re_examination_opinion}
    return text


def issue_registration_form(*, case: Case):
    """案件来源登记表, when the lead is registered."""
    context = {
        **_party(case),
        "source_kind": case.get_source_display(),
        "source_reference": case.source_reference,
        "received_on": case.received_on,
        "informant": case.informant,
        "clue_summary": case.clue,
        "legal_basis": "《中华人民共和国行政处罚法》第五十四条第一款",
        "handling_opinion": _(
            "建议于十五个工作日内（%(date)s前）核查，视核查情况决定是否立案。"
        )
        % {"date": date_cn(case.verification_due)},
        "registered_by": case.registered_by.get_full_name(),
    }
    return _issue(CASE_SOURCE_REGISTRATION, case, context, case.registered_by)


def issue_filing_form(*, case: Case):
    """立案审批表, when the head approved filing."""
    links = case.investigator_links.select_related("user").order_by("-is_lead", "id")
    head = case.filing_decided_by
    context = {
        **_party(case),
        "case_title": case.title,
        "source_summary": _source_summary(case),
        "facts_summary": case.verification_findings,
        "legal_basis": _FILING_BASIS,
        "investigators": [
            {
                "name": link.user.get_full_name(),
                "credential_number": link.credential_number,
            }
            for link in links
        ],
        "proposed_by": case.registered_by.get_full_name(),
        "proposed_on": case.filing_decided_on,
        "head_opinion": case.filing_opinion,
        "head_name": head.get_full_name(),
        "approved_on": case.filing_decided_on,
    }
    return _issue(CASE_FILING_APPROVAL, case, context, head)


def issue_non_filing_form(*, case: Case):
    """不予立案审批表, when the head approved not filing."""
    head = case.filing_decided_by
    reason = NonFilingReason(case.non_filing_reason)
    basis = _NON_FILING_BASIS.get(reason, "")
    context = {
        **_party(case),
        "case_title": case.title,
        "source_summary": _source_summary(case),
        "facts_summary": case.verification_findings,
        "reasons": reason.label,
        "legal_basis": (basis + "、" if basis else "")
        + "《市场监督管理行政处罚程序规定》第二十条",
        "proposed_by": case.registered_by.get_full_name(),
        "proposed_on": case.filing_decided_on,
        "head_opinion": case.filing_opinion,
        "head_name": head.get_full_name(),
        "approved_on": case.filing_decided_on,
    }
    return _issue(CASE_NON_FILING_APPROVAL, case, context, head)


def issue_rectification_order(
    *, case: Case, facts: str, rectification: str, deadline, actor
):
    """责令改正通知书 (行政处罚法 Art. 28), issued during the investigation."""
    violation_type = case.suspected_violation_type
    context = {
        **_party(case),
        "facts": facts,
        "violated_provision": violation_type.breached_provision
        if violation_type
        else case.violated_provision,
        "legal_basis": "《中华人民共和国行政处罚法》第二十八条第一款"
        + (f"、{violation_type.penalty_provision}" if violation_type else ""),
        "rectification": rectification,
        "deadline": deadline,
        "contact_person": actor.get_full_name(),
        "contact_phone": PenaltyPolicy.current().contact_phone,
    }
    return _issue(RECTIFICATION_ORDER, case, context, actor, new_number=True)


def issue_penalty_notice(*, case: Case):
    """行政处罚告知书: facts, basis, the proposed penalty and the party's rights (a
    hearing when the proposal qualifies, 行政处罚法 Art. 63)."""
    from enforcement.services import case_hearing_grounds

    hearing_grounds = case_hearing_grounds(case)
    policy = PenaltyPolicy.current()
    lines = _lines(case, PenaltyLine.Stage.PROPOSED)
    lead = _lead(case)
    context = {
        **_party(case),
        "case_title": case.title,
        "facts": case.facts,
        "evidence": _evidence(case),
        "violated_provision": case.violated_provision,
        "legal_basis": case.legal_basis,
        "discretion": _discretion_text(case, lines),
        "proposed_penalty": _penalties_text(lines),
        "hearing_right": bool(hearing_grounds),
        "contact_person": lead.get_full_name(),
        "contact_phone": policy.contact_phone,
        "bureau_address": policy.bureau_address,
    }
    return _issue(
        PENALTY_NOTICE,
        case,
        context,
        case.case_reviewed_by or lead,
        new_number=case.round > 1,
    )


def issue_hearing_notice(*, case: Case):
    """听证通知书, at least seven working days before the hearing."""
    hearing = Hearing.objects.select_related("host", "arranged_by").get(
        case=case, round=case.round
    )
    policy = PenaltyPolicy.current()
    context = {
        **_party(case),
        "case_title": case.title,
        "request_received_on": hearing.requested_on,
        "hearing_at": timezone.localtime(hearing.scheduled_at).replace(tzinfo=None),
        "hearing_place": hearing.place,
        "public": hearing.public,
        "host": hearing.host.get_full_name(),
        "members": hearing.members,
        "clerk": hearing.clerk,
        "legal_basis": "《中华人民共和国行政处罚法》第六十四条",
        "contact_person": hearing.host.get_full_name(),
        "contact_phone": policy.contact_phone,
    }
    return _issue(
        HEARING_NOTICE, case, context, hearing.arranged_by, new_number=case.round > 1
    )


def issue_decision(*, case: Case):
    """行政处罚决定书 or 不予行政处罚决定书 (Art. 59): it cites the legal basis, the
    discretion benchmark version the case pinned, and the remedies."""
    policy = PenaltyPolicy.current()
    remedies = {
        "reconsideration_body": policy.reconsideration_body,
        "court": policy.litigation_court,
    }
    common = {
        **_party(case),
        "case_title": case.title,
        "filed_on": case.filed_on,
        "facts": case.facts,
        "evidence": _evidence(case),
        "violated_provision": case.violated_provision
        or (
            case.suspected_violation_type.breached_provision
            if case.suspected_violation_type
            else ""
        ),
        **remedies,
    }
    if case.decision_kind == DecisionKind.PENALTY:
        lines = _lines(case, PenaltyLine.Stage.DECIDED)
        _, principal = payable_total(lines)
        context = {
            **common,
            "notice_number": case.notice_number,
            "notice_served_on": case.notice_served_on,
            "statement_summary": _statement_summary(case),
            "discretion": _discretion_text(case, lines),
            "legal_basis": "；".join(dict.fromkeys(x.legal_basis for x in lines))
            or case.legal_basis,
            "penalties": [line.summary for line in lines],
            "fine_total": principal,
            "payment_method": policy.payment_method,
        }
        return _issue(PENALTY_DECISION, case, context, case.decided_by)
    reason = NoPenaltyReason(case.no_penalty_reason)
    context = {
        **common,
        "reasons": reason.label,
        "legal_basis": _NO_PENALTY_BASIS.get(reason, ""),
    }
    return _issue(NON_PENALTY_DECISION, case, context, case.decided_by)


def issue_notice_receipt(*, case: Case):
    return _service_receipt(
        case=case,
        title=_("行政处罚告知书"),
        number=case.notice_number,
        served_on=case.notice_served_on,
        method=case.notice_service_method,
    )


def issue_decision_receipt(*, case: Case):
    title = (
        _("行政处罚决定书")
        if case.decision_kind == DecisionKind.PENALTY
        else _("不予行政处罚决定书")
    )
    return _service_receipt(
        case=case,
        title=title,
        number=case.decision_number,
        served_on=case.decision_served_on,
        method=case.decision_service_method,
    )


def _service_receipt(*, case: Case, title: str, number: str, served_on, method):
    """送达回证 for a paper served on the party. The time of service is left for the
    recipient to write and sign; the case records the date."""
    names = "、".join(
        link.user.get_full_name()
        for link in case.investigator_links.select_related("user").order_by(
            "-is_lead", "id"
        )
    )
    context = {
        "party_name": case.party.name,
        "served_documents": [{"title": title, "number": number}],
        "service_address": case.party.address,
        "service_method": ServiceMethod(method).label,
        "legal_basis": _SERVICE_BASIS,
        "served_by": names or case.registered_by.get_full_name(),
        "recipient": f"{case.party.legal_representative}（法定代表人／负责人）",
    }
    return _issue(SERVICE_RECEIPT, case, context, _lead(case), new_number=True)


def issue_closure_form(*, case: Case):
    """结案审批表, with the head's approval."""
    if case.decision_kind == DecisionKind.PENALTY:
        lines = _lines(case, PenaltyLine.Stage.DECIDED)
        decision_summary = "；".join(line.summary for line in lines)
        basis = _("行政处罚决定已执行完毕")
    elif case.decision_kind == DecisionKind.NO_PENALTY:
        decision_summary = _("不予行政处罚（%(reason)s）") % {
            "reason": case.get_no_penalty_reason_display()
        }
        basis = _("作出不予行政处罚决定")
    elif case.decision_kind:
        decision_summary = _("移送%(authority)s（%(number)s）") % {
            "authority": case.referral_authority,
            "number": case.referral_letter_number,
        }
        basis = _("案件已移送")
    else:
        decision_summary = _("终止调查：%(reason)s") % {
            "reason": case.termination_reason
        }
        basis = _("调查终止")
    context = {
        "party_name": case.party.name,
        "party_credit_code": case.party.credit_code,
        "case_title": case.title,
        "filed_on": case.filed_on,
        "decision_number": case.decision_number
        or case.referral_letter_number
        or _("无"),
        "decision_summary": decision_summary,
        "execution_summary": case.execution_summary
        or case.closure_summary
        or decision_summary,
        "legal_basis": f"{basis}（《市场监督管理行政处罚程序规定》）",
        "proposed_by": case.closure_proposed_by.get_full_name(),
        "proposed_on": case.closure_proposed_on,
        "head_opinion": case.closure_opinion,
        "head_name": case.closed_by.get_full_name(),
        "approved_on": case.closed_on,
    }
    return _issue(CASE_CLOSURE_APPROVAL, case, context, case.closed_by)


def case_for_paper(case_id) -> Case:
    return Case.objects.select_related(
        "party",
        "registered_by",
        "filing_decided_by",
        "case_reviewed_by",
        "decided_by",
        "closure_proposed_by",
        "closed_by",
        "suspected_violation_type",
        "discretion_benchmark",
    ).get(pk=case_id)


def paper_task_issue(*, task_pk: int):
    """Issue the paper of a waiting `Paper` task, then record it and let the flow go
    on. Runs after the step commits (or from the case page and `workflow_timers` as a
    retry). Returns the document, or None when the task is no
    longer waiting or the paper could not be made or recorded (the reason stays on the
    task; a paper already made is reused by the retry, never numbered twice)."""
    import logging

    from django.core.exceptions import ValidationError
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from documents.models import IssuedDocument

    task = Task.objects.select_related("process").filter(pk=task_pk).first()
    if task is None or task.status != STATUS.NEW:
        return None
    node = task.flow_task
    data = dict(task.data or {})
    document = IssuedDocument.objects.filter(pk=data.get("document_id")).first()
    if document is None:
        try:
            # The number and the task's link to it commit together, before rendering
            # (on commit): a retry finds the paper and never numbers it again.
            with transaction.atomic():
                with document_language():  # the paper's own sentences and labels
                    document = node.issue(
                        case_for_paper(task.process.artifact_object_id)
                    )
                data["document_id"] = document.pk
                Task.objects.filter(pk=task.pk).update(data=data)
        except Exception as exc:
            # Refused before numbering (ValidationError), or numbered and then failed
            # to render (the row is marked failed; documents_render_pending redoes it).
            if not isinstance(exc, ValidationError):
                logging.getLogger(__name__).exception(
                    "issuing paper %s failed", task_pk
                )
            data = {**(Task.objects.get(pk=task.pk).data or {})}
            data["paper_error"] = " ".join(getattr(exc, "messages", None) or [str(exc)])
            Task.objects.filter(pk=task.pk).update(data=data)
            if "document_id" not in data:
                return None
            document = IssuedDocument.objects.get(pk=data["document_id"])
    try:
        node.run(task, document=document)
    except Exception as exc:  # the paper stands; recording it is retried
        logging.getLogger(__name__).exception("recording paper %s failed", task_pk)
        messages = getattr(exc, "messages", None) or [str(exc)]
        data["paper_error"] = " ".join(messages)
        Task.objects.filter(pk=task.pk, status=STATUS.NEW).update(data=data)
        return None
    return document


def papers_retry_pending(*, older_than: datetime.timedelta) -> int:
    """Retry papers still waiting (a failed render, a crash between commit and
    issue). Run by `workflow_timers`; returns how many were issued."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from .flows import PenaltyCaseFlow

    waiting = Task.objects.filter(
        process__flow_class=PenaltyCaseFlow,
        flow_task_type="FUNCTION",
        status=STATUS.NEW,
        created__lt=timezone.now() - older_than,
    ).values_list("pk", flat=True)
    issued = 0
    for pk in list(waiting):
        task = Task.objects.get(pk=pk)
        if hasattr(task.flow_task, "issue") and paper_task_issue(task_pk=pk):
            issued += 1
    return issued
