"""Process proxies of the penalty-case flows. The case is the process artifact; the
gateways read the small decision methods below, which read the case's state as its
services left it."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from enforcement.models import REFERRAL_KINDS, Case, CaseState


class PenaltyCaseProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("行政处罚案件流程")
        verbose_name_plural = _("行政处罚案件流程")

    @property
    def case(self) -> Case:
        return self.artifact

    def _case_state(self) -> str:
        # Gateways run right after a service changed the case in this transaction,
        # so they read it afresh; `act.process.<name>` reads these as properties.
        return Case.objects.values_list("state", flat=True).get(
            pk=self.artifact_object_id
        )

    @property
    def is_filed(self) -> bool:
        return self._case_state() == CaseState.INVESTIGATING

    @property
    def is_not_filed(self) -> bool:
        return self._case_state() == CaseState.NOT_FILED

    @property
    def is_termination_proposed(self) -> bool:
        return self._case_state() == CaseState.TERMINATION_PROPOSED

    @property
    def is_terminated(self) -> bool:
        return self._case_state() == CaseState.TERMINATED

    @property
    def needs_legality_review(self) -> bool:
        return self._case_state() == CaseState.LEGALITY_REVIEW

    @property
    def needs_notice(self) -> bool:
        return self._case_state() == CaseState.NOTICE

    @property
    def is_in_hearing(self) -> bool:
        return self._case_state() == CaseState.HEARING

    @property
    def needs_re_examination(self) -> bool:
        return self._case_state() == CaseState.RE_EXAMINATION

    @property
    def needs_collective_discussion(self) -> bool:
        return Case.objects.get(
            pk=self.artifact_object_id
        ).requires_collective_discussion

    @property
    def is_referral(self) -> bool:
        kind = Case.objects.values_list("decision_kind", flat=True).get(
            pk=self.artifact_object_id
        )
        return kind in REFERRAL_KINDS

    @property
    def needs_publicity(self) -> bool:
        return Case.objects.filter(
            pk=self.artifact_object_id,
            publicity_required=True,
            published_on__isnull=True,
        ).exists()

    @property
    def needs_execution(self) -> bool:
        return self._case_state() == CaseState.ENFORCEMENT


class SummaryPenaltyProcess(Process):
    class Meta:
        proxy = True
        verbose_name = _("简易程序处罚流程")
        verbose_name_plural = _("简易程序处罚流程")

    @property
    def case(self) -> Case:
        return self.artifact

    @property
    def needs_execution(self) -> bool:
        return (
            Case.objects.values_list("state", flat=True).get(pk=self.artifact_object_id)
            == CaseState.ENFORCEMENT
        )
