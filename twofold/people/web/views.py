from django.http import HttpResponse
def _stub(request, pk=None): return HttpResponse("x")
user_list = user_create = user_detail = user_edit = user_deactivate = user_reactivate = user_invite = _stub
team_list = team_create = team_detail = team_edit = token_list = token_revoke = _stub
