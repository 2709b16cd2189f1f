from workflows.process_lists import BureauFlowViewset

from .flows import ListingCleanupFlow

CLEANUP_FLOW_VIEWSETS = [BureauFlowViewset(ListingCleanupFlow, icon="travel_explore")]
