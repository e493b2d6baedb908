"""The module assignment moved to the content feature (lms.content.models.ModuleAssignment), next to
the module, so the quiz feature can ask who may change a quiz without importing authoring.

Kept only for importers outside authoring not yet switched (lms/models.py, lms/people/demo.py,
tests/core/crawl_world.py, tests/browser/test_authoring_journey.py); remove once they import from content."""

from lms.content.models import ModuleAssignment

__all__ = ["ModuleAssignment"]
