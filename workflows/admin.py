"""viewflow's processes and tasks in Django admin, read only.

A process or task edited or deleted in admin left its case stuck (issue 13): they
change only through their flows. viewflow registers its own admin; it is imported
first here (this app comes before viewflow's in INSTALLED_APPS), then replaced."""

from django.contrib import admin
from viewflow.workflow import admin as viewflow_admin
from viewflow.workflow.models import Process, Task


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TaskInline(_ReadOnly, viewflow_admin.TaskInline):
    pass


class ProcessAdmin(_ReadOnly, viewflow_admin.ProcessAdmin):
    inlines = [TaskInline]


class TaskAdmin(_ReadOnly, viewflow_admin.TaskAdmin):
    pass


for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(Process, ProcessAdmin)
admin.site.register(Task, TaskAdmin)
