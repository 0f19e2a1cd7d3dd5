from rest_framework import serializers

from changes.models import ChangeEvent


class ChangeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeEvent
        fields = ["id", "occurred_at", "resource", "object_id", "action", "data"]
