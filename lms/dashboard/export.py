"""The export helpers moved to lms.core.export (attendance and tasks, a layer below, export too); kept here so
the dashboard's imports and its tests keep their names."""

from lms.core.export import FORMULA_STARTS, neutralise, sheet_title, to_csv, to_xlsx  # noqa: F401
