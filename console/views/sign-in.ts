/** The sign-in screen. */
import { ApiError, signIn, type Session } from '../api';
import { h } from '../dom';
import { askPermission } from '../notify';

export function signInView(onSignedIn: (session: Session) => void, notice?: string): HTMLElement {
  const error = h(
    'p',
    { class: 'form-error', attrs: { role: 'alert', 'aria-live': 'assertive' } },
    notice ?? '',
  );
  const email = h('input', {
    id: 'email',
    attrs: { type: 'email', name: 'email', autocomplete: 'username', required: true, autofocus: true },
  });
  const password = h('input', {
    id: 'password',
    attrs: { type: 'password', name: 'password', autocomplete: 'current-password', required: true },
  });
  const submit = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'sign-in-card',
      attrs: { 'aria-labelledby': 'sign-in-title' },
      on: {
        submit: (event) => {
          event.preventDefault();
          askPermission(); // a user gesture: the browser may ask about notifications now
          submit.disabled = true;
          error.textContent = '';
          signIn(email.value, password.value)
            .then(onSignedIn)
            .catch((e: unknown) => {
              error.textContent =
                e instanceof ApiError ? e.message : 'Could not reach the server. Try again.';
              password.select();
            })
            .finally(() => {
              submit.disabled = false;
            });
        },
      },
    },
    h(
      'div',
      { class: 'brand brand-large' },
      h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, 'P'),
      'Parley',
    ),
    h('h1', { id: 'sign-in-title' }, 'Agent console'),
    h('label', { attrs: { for: 'email' } }, 'Email'),
    email,
    h('label', { attrs: { for: 'password' } }, 'Password'),
    password,
    error,
    submit,
  );
  return h('main', { class: 'sign-in' }, form);
}
