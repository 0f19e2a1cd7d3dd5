"""Relation fields that refuse a blank string instead of quietly reading it as null.

DRF turns "" into None for related fields (a convenience for HTML forms). This API takes JSON only, so
a blank slug or id is a client mistake: it gets a 400, and null must be sent to clear a relation.
"""

from rest_framework import serializers


class _NoBlank:
    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)


class SlugRelatedField(_NoBlank, serializers.SlugRelatedField):
    default_error_messages = {"blank": "May not be blank; send null to leave it empty."}


class PrimaryKeyRelatedField(_NoBlank, serializers.PrimaryKeyRelatedField):
    default_error_messages = {"blank": "May not be blank; send null to leave it empty."}
