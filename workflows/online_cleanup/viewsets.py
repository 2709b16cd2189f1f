from viewflow.workflow.flow import FlowViewset

from .flows import ListingCleanupFlow

CLEANUP_FLOW_VIEWSETS = [FlowViewset(ListingCleanupFlow, icon="travel_explore")]
