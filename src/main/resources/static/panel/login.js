// The login form carries the session's CSRF token like every other change; the button waits until it is there.
const message = document.getElementById('login-message');
const params = new URLSearchParams(location.search);
if (params.has('error')) {
  message.textContent = 'Gebruikersnaam of wachtwoord onjuist. (Wrong user name or password.)';
  message.hidden = false;
} else if (params.has('logout')) {
  message.textContent = 'U bent afgemeld. (You are signed out.)';
  message.hidden = false;
}

const response = await fetch('/panel/csrf', {headers: {'X-Requested-With': 'XMLHttpRequest'}});
if (response.ok) {
  const csrf = await response.json();
  const field = document.getElementById('login-csrf');
  field.name = csrf.parameterName;
  field.value = csrf.token;
  document.getElementById('login-submit').disabled = false;
} else {
  message.textContent = 'Aanmelden is nu niet mogelijk. (Signing in is not possible right now.)';
  message.hidden = false;
}
