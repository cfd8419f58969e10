import type { PageContext } from "../page-context";
import { CsrfField, type FieldErrors, FormActions } from "./form";

export interface BlockFormValues {
  cidr: string;
  list: string;
  reason: string;
  expiresInHours: string;
  /** "Until removed": the one way to a block without an expiry. */
  permanent: boolean;
  /** Ticked after the warning that the range holds the administrator's own address. */
  confirmOwnAddress: boolean;
}

function TextField(props: {
  name: string;
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}) {
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={props.error ? "field field-error" : "field"}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      <input
        id={props.id}
        name={props.name}
        value={props.value}
        required={props.required}
        maxlength={200}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

function Checkbox(props: { id: string; name: string; label: string; checked: boolean }) {
  return (
    <div class="checkbox">
      <input id={props.id} name={props.name} type="checkbox" value="on" checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/**
 * Shown when the range holds the administrator's own address: the warning, and the box that
 * says they mean it (unticked, so sending the form again as it is blocks nothing).
 */
function OwnAddressWarning(props: { page: PageContext; idPrefix: string; warning?: string }) {
  if (!props.warning) return null;
  return (
    <div class="field field-error" data-own-address-warning>
      <p class="error" role="alert" id={`${props.idPrefix}own-address-warning`}>
        {props.warning}
      </p>
      <Checkbox
        id={`${props.idPrefix}confirmOwnAddress`}
        name="confirmOwnAddress"
        label={props.page.messages.blockConfirmOwnAddress}
        checked={false}
      />
    </div>
  );
}

/** The reason and expiry both forms ask for; ids differ so labels stay unique on the page. */
function ReasonAndExpiry(props: {
  page: PageContext;
  idPrefix: string;
  values: BlockFormValues;
  errors: { reason?: string | undefined; expiresInHours?: string | undefined };
}) {
  const t = props.page.messages;
  return (
    <>
      <TextField
        name="reason"
        id={`${props.idPrefix}reason`}
        label={t.attacksBlockReason}
        value={props.values.reason}
        error={props.errors.reason}
      />
      <TextField
        name="expiresInHours"
        id={`${props.idPrefix}expiresInHours`}
        label={t.attacksExpiresInHours}
        value={props.values.expiresInHours}
        error={props.errors.expiresInHours}
        hint={t.blockExpiresHint}
      />
      <Checkbox
        id={`${props.idPrefix}permanent`}
        name="permanent"
        label={t.blockPermanent}
        checked={props.values.permanent}
      />
    </>
  );
}

/** Add one block, or import a pasted (or file-read) list: both labelled, both CSRF-protected. */
export function BlockForms(props: {
  page: PageContext;
  csrfToken: string;
  values: BlockFormValues;
  errors: FieldErrors;
  importScriptHref: string;
}) {
  const t = props.page.messages;
  const { values, errors } = props;
  return (
    <div class="block-forms">
      <form method="post" action="/admin/attacks/blocks">
        <h3>{t.attacksAddBlockTitle}</h3>
        <CsrfField token={props.csrfToken} />
        <TextField
          name="cidr"
          id="cidr"
          label={t.attacksBlockCidr}
          value={values.cidr}
          error={errors.cidr}
          required
        />
        <ReasonAndExpiry
          page={props.page}
          idPrefix=""
          values={values}
          errors={{ reason: errors.reason, expiresInHours: errors.expiresInHours }}
        />
        <OwnAddressWarning page={props.page} idPrefix="" warning={errors.confirmOwnAddress} />
        <FormActions>
          <button type="submit">{t.attacksAddBlock}</button>
        </FormActions>
      </form>
      <form method="post" action="/admin/attacks/blocks/import" data-blocklist-import>
        <h3>{t.attacksImportTitle}</h3>
        <CsrfField token={props.csrfToken} />
        <div class={errors.list ? "field field-error" : "field"}>
          <label for="list">{t.attacksImportList}</label>
          <p class="hint" id="list-hint">
            {t.attacksImportHint}
          </p>
          {errors.list && (
            <p class="error" id="list-error">
              {errors.list}
            </p>
          )}
          <textarea
            id="list"
            name="list"
            rows={6}
            aria-describedby={errors.list ? "list-hint list-error" : "list-hint"}
          >
            {values.list}
          </textarea>
        </div>
        <div class="field" hidden data-file-field>
          <label for="list-file">{t.attacksImportFile}</label>
          <input id="list-file" type="file" accept=".txt,.csv,.netset,.ipset,text/plain" />
        </div>
        <ReasonAndExpiry
          page={props.page}
          idPrefix="import-"
          values={values}
          errors={{ reason: errors.importReason, expiresInHours: errors.importExpiresInHours }}
        />
        <OwnAddressWarning
          page={props.page}
          idPrefix="import-"
          warning={errors.importConfirmOwnAddress}
        />
        <FormActions>
          <button type="submit">{t.attacksImportSubmit}</button>
        </FormActions>
        <script src={props.importScriptHref} defer />
      </form>
    </div>
  );
}
