import type { SourceBlock } from "../../src/defence/blocklist";
import { formatDateTime, formatNumber } from "../format";
import type { PageContext } from "../page-context";
import { BlockForms, type BlockFormValues } from "./block-forms";
import { CsrfField, type FieldErrors } from "./form";
import { DataTable } from "./table";

/** Current blocks with their hits, and the forms to add one or import a list. */
export function BlocksSection(props: {
  page: PageContext;
  csrfToken: string;
  blocks: SourceBlock[];
  values: BlockFormValues;
  errors: FieldErrors;
  importScriptHref: string;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const view = { blocks: props.blocks };
  const origins = {
    manual: t.attacksOriginManual,
    import: t.attacksOriginImport,
    automatic: t.attacksOriginAutomatic,
  };
  return (
    <section aria-labelledby="blocks-title">
      <h2 id="blocks-title">{t.attacksBlocksTitle}</h2>
      {view.blocks.length === 0 ? (
        <p>{t.attacksBlocksNone}</p>
      ) : (
        <DataTable
          headings={[
            t.attacksBlockCidr,
            t.attacksBlockReason,
            t.attacksBlockOrigin,
            t.attacksBlockExpires,
            t.attacksBlockHits,
            t.sessionsActions,
          ]}
        >
          {view.blocks.map((block) => (
            <tr>
              <td>{block.cidr}</td>
              <td>{block.reason}</td>
              <td>{origins[block.origin]}</td>
              <td>
                {block.expiresAt ? formatDateTime(block.expiresAt, language) : t.attacksBlockNever}
              </td>
              <td>{formatNumber(block.hits, language)}</td>
              <td>
                <form method="post" action="/admin/attacks/blocks/remove" class="inline-form">
                  <CsrfField token={props.csrfToken} />
                  <input type="hidden" name="blockId" value={String(block.id)} />
                  <button type="submit" class="secondary">
                    {t.attacksBlockRemove}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <BlockForms
        page={props.page}
        csrfToken={props.csrfToken}
        values={props.values}
        errors={props.errors}
        importScriptHref={props.importScriptHref}
      />
    </section>
  );
}
