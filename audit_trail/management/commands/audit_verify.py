from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit_trail.actions import action_label
from audit_trail.selectors import audit_chain_verify

PROBLEMS = {
    "hash": _("内容与其哈希不符（记录被改动）"),
    "link": _("所记前一条哈希与前一条记录不符（前一条被改动、删除或插入了记录）"),
    "gap": _("序号不连续（有记录被删除）"),
}


class Command(BaseCommand):
    help = _("重新计算审计记录的 SM3 哈希链，报告第一条断开处。")

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    _("已核验 %(n)s 条审计记录，哈希链完整。") % {"n": report.checked}
                )
            )
            return
        broken = report.first_break
        raise CommandError(
            _(
                "已核验 %(n)s 条审计记录，哈希链在第 %(seq)s 号记录处断开："
                "%(when)s %(action)s（%(code)s）——%(problem)s。"
            )
            % {
                "n": report.checked,
                "seq": broken.sequence,
                "when": timezone.localtime(broken.occurred_at).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
                "action": action_label(broken.action),
                "code": broken.action,
                "problem": PROBLEMS[broken.problem],
            }
        )
