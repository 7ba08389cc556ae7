"""Pages of the staffing of rounds: recusal (urls_recusal), teams and proposals (urls_teams),
and what a round asks of its members: authorization, pledges, gifts, evaluations (urls_duties)."""

from xuncha.staffing import urls_duties, urls_recusal, urls_teams

app_name = "staffing"
urlpatterns = urls_recusal.urlpatterns + urls_teams.urlpatterns + urls_duties.urlpatterns
