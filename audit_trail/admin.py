from django.contrib import admin

from .admin_changes import AuditEntryAdmin
from .models import AuditEntry

admin.site.register(AuditEntry, AuditEntryAdmin)
