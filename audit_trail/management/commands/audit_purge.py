import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit_trail.selectors import audit_chain_verify
from audit_trail.services import audit_purge, audit_purge_limit


class Command(BaseCommand):
    help = _(
        "删除某日以前、已过保存期限（AUDIT_RETENTION_DAYS，至少180天）的审计记录。"
        "不加 --for-real 时只报告将删除多少条。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help=_("日期，YYYY-MM-DD"))
        parser.add_argument("--for-real", action="store_true")

    def handle(self, *args, before, for_real, **options):
        try:
            day = datetime.date.fromisoformat(before)
        except ValueError:
            raise CommandError(
                _("日期 %(value)s 无法识别，请写成 YYYY-MM-DD。") % {"value": before}
            ) from None
        limit = audit_purge_limit()
        if not for_real:
            if day > limit:
                raise CommandError(
                    _("审计记录保存期限未满：最晚只能清理 %(limit)s 以前的记录。")
                    % {"limit": limit.isoformat()}
                )
            self.stdout.write(
                _("试运行：将清理 %(day)s 以前的审计记录。加 --for-real 执行。")
                % {"day": day.isoformat()}
            )
            return
        try:
            removed = audit_purge(before=day)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        report = audit_chain_verify()
        self.stdout.write(
            self.style.SUCCESS(
                _("已清理 %(n)s 条审计记录；余下 %(left)s 条，哈希链%(state)s。")
                % {
                    "n": removed,
                    "left": report.checked,
                    "state": _("完整") if report.ok else _("断开"),
                }
            )
        )
