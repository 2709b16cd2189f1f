"""Sign a test client in the way people do: through the login page (django-axes counts
every attempt, and needs the request that Client.login() does not pass)."""


def sign_in(client, username: str, password: str) -> bool:
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}
    )
    return response.status_code == 302
