"""API for recording the province's answers, e.g. from the provincial bureau's system."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing.models import Cancellation, Referral

from . import starting


class CanRecordProvinceDecision(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("licensing.record_province_decision")


class ProvinceDecisionInputSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(
        required=False, allow_blank=True, default=""
    )
    rejection_reason = serializers.CharField(
        required=False, allow_blank=True, default=""
    )


class CancellationOutputSerializer(serializers.ModelSerializer):
    licence_number = serializers.CharField(source="licence.number")
    holder = serializers.CharField(source="licence.holder.name")
    licence_state = serializers.CharField(source="licence.state")

    class Meta:
        model = Cancellation
        fields = [
            "id",
            "licence_number",
            "holder",
            "state",
            "licence_state",
            "province_decision_number",
            "province_decided_on",
            "province_rejection_reason",
        ]


class ReferralOutputSerializer(serializers.ModelSerializer):
    to_authority = serializers.CharField(source="to_authority.name")
    cancellations = CancellationOutputSerializer(many=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "letter_number",
            "state",
            "to_authority",
            "sent_on",
            "reply_due",
            "cancellations",
        ]


class ReferralDetailApi(APIView):
    @extend_schema(
        responses=ReferralOutputSerializer, summary="上报省局注销函及逐证答复情况"
    )
    def get(self, request, pk):
        if not request.user.has_perm("licensing.view_referral"):
            return Response(status=status.HTTP_403_FORBIDDEN)
        referral = get_object_or_404(
            Referral.objects.select_related("to_authority").prefetch_related(
                "cancellations__licence__holder"
            ),
            pk=pk,
        )
        return Response(ReferralOutputSerializer(referral).data)


class ProvinceDecisionRecordApi(APIView):
    permission_classes = [CanRecordProvinceDecision]

    @extend_schema(
        request=ProvinceDecisionInputSerializer,
        responses=CancellationOutputSerializer,
        summary="登记省局对一份许可证的注销决定",
    )
    def post(self, request, pk):
        cancellation = get_object_or_404(
            Cancellation.objects.select_related("licence__holder"), pk=pk
        )
        serializer = ProvinceDecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            cancellation = starting.province_decision_record(
                cancellation=cancellation,
                actor=request.user,
                **serializer.validated_data,
            )
        except ValidationError as exc:
            return Response(
                {"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(CancellationOutputSerializer(cancellation).data)
