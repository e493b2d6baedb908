"""The members' discussion pages: one blueprint ("discussion", lms.discussion.blueprint) whose views
are spread by what they show: the spaces and their thread lists, a thread and posting in it, and the
actions on one post. Importing them here registers them on the blueprint."""

from lms.discussion import post_routes, space_routes, thread_routes
from lms.discussion.blueprint import bp

VIEW_MODULES = (space_routes, thread_routes, post_routes)  # each registers its views on bp when imported

__all__ = ["VIEW_MODULES", "bp"]
