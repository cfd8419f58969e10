import type { PropsWithChildren } from "hono/jsx";

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="csrfToken" value={props.token} />;
}

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Names the fields with a problem at the top, each a link to its field, where the message is
 * shown once (tied to the input with aria-describedby). A problem without a labelled field of
 * its own keeps its message here, so nothing is lost.
 */
export function ErrorSummary(props: {
  title: string;
  errors: FieldErrors;
  labels: Record<string, string>;
}) {
  const entries = Object.entries(props.errors).filter(
    (entry): entry is [string, string] => !!entry[1],
  );
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{props.title}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${name}`}>{props.labels[name] ?? message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  value?: string;
  error?: string | undefined;
  hint?: string;
  autocomplete: string;
  required?: boolean;
  maxlength?: number;
  autofocus?: boolean;
  /** A live strength meter under a new-password field (needs the layout's meter script). */
  strengthMeter?: { engineHref: string; userInputFields: readonly string[] };
  /**
   * A password field's show/hide button labels (the layout's password-fields script adds the
   * button; without JavaScript the field stays an ordinary password field).
   */
  reveal?: { show: string; hide: string };
  /** A new-password field's suggested passphrase, shown as text so it works without JavaScript. */
  passphrase?: { intro: string; phrase: string; useLabel: string };
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function Field(props: FieldProps) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const suggestionId = props.passphrase ? `${props.name}-suggestion` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  const describedBy = [hintId, suggestionId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={props.error ? "field field-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.passphrase && (
        <p class="hint passphrase-suggestion" id={suggestionId}>
          {props.passphrase.intro}{" "}
          <span
            class="passphrase"
            data-passphrase-for={props.name}
            data-use-label={props.passphrase.useLabel}
          >
            {props.passphrase.phrase}
          </span>
        </p>
      )}
      {props.error && (
        <p class="error" id={errorId}>
          {props.error}
        </p>
      )}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        maxlength={props.maxlength}
        autofocus={props.autofocus}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy}
        autocapitalize="none"
        spellcheck={false}
        data-strength-meter={props.strengthMeter?.engineHref}
        data-strength-output={props.strengthMeter ? `${props.name}-strength` : undefined}
        data-strength-inputs={props.strengthMeter?.userInputFields.join(" ")}
        data-reveal-show={props.reveal?.show}
        data-reveal-hide={props.reveal?.hide}
      />
      {props.strengthMeter && (
        // Filled by the meter script as the member types; empty and hidden without it.
        <output
          id={`${props.name}-strength`}
          for={props.name}
          class="strength-meter"
          aria-live="polite"
          hidden
        />
      )}
    </div>
  );
}

export function FormActions(props: PropsWithChildren) {
  return <div class="form-actions">{props.children}</div>;
}
