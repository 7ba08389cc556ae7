"""Pages of the teams of a round and the formation assistant's proposals."""

from django.urls import path

from xuncha.staffing import views_teams

urlpatterns = [
    path("rounds/<int:pk>/teams/", views_teams.round_teams, name="round_teams"),
    path("rounds/<int:pk>/teams/propose/", views_teams.team_propose, name="team_propose"),
    path("rounds/<int:pk>/teams/members/", views_teams.team_member_add, name="team_member_add"),
    path(
        "team-members/<int:pk>/remove/", views_teams.team_member_remove, name="team_member_remove"
    ),
    path("team-members/<int:pk>/role/", views_teams.team_member_role, name="team_member_role"),
    path("proposals/<int:pk>/", views_teams.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/accept/", views_teams.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/reject/", views_teams.proposal_reject, name="proposal_reject"),
]
