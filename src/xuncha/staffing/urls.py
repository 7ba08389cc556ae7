"""Pages of the staffing of rounds: recusal (urls_recusal) and teams, proposals, authorizations,
pledges, gifts and evaluations (urls_teams)."""

from xuncha.staffing import urls_recusal, urls_teams

app_name = "staffing"
urlpatterns = urls_recusal.urlpatterns + urls_teams.urlpatterns
