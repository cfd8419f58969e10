import type { WaveEvidence } from "../../src/defence/waves/wave-detection";
import { formatDateTime, formatNumber } from "../format";
import type { PageContext } from "../page-context";
import { WaveEvidenceList } from "./wave-evidence";

export interface WaveSummaryView {
  id: number;
  onsetAt: Date;
  detectedAt: Date;
  endedAt: Date | null;
  lastSeenAt: Date;
  evidence: WaveEvidence[];
  identifiersTouched: number;
}

/** Detected slow waves: why each fired, and the way to its members (then a dry run). */
export function WavesSection(props: { page: PageContext; waves: WaveSummaryView[] }) {
  const t = props.page.messages;
  const language = props.page.language;
  const time = (date: Date) => formatDateTime(date, language);
  return (
    <section aria-labelledby="waves-title">
      <h2 id="waves-title">{t.wavesTitle}</h2>
      <p>{t.wavesIntro}</p>
      {props.waves.length === 0 && <p>{t.wavesNone}</p>}
      {props.waves.map((wave) => (
        <article
          aria-labelledby={`wave-${wave.id}`}
          data-wave={wave.id}
          data-wave-open={wave.endedAt ? "no" : "yes"}
        >
          <h3 id={`wave-${wave.id}`}>
            {wave.endedAt
              ? t.wavesEnded(time(wave.onsetAt), time(wave.endedAt))
              : t.wavesOngoing(time(wave.onsetAt))}
          </h3>
          <p>
            {t.wavesDetectedAt(time(wave.detectedAt))}{" "}
            {t.wavesIdentifiersTouched(formatNumber(wave.identifiersTouched, language))}
          </p>
          <h4>{t.wavesWhy}</h4>
          <WaveEvidenceList page={props.page} evidence={wave.evidence} />
          <p>
            <a href={`/admin/investigate/waves/${wave.id}`} data-wave-review>
              {t.wavesReview}
            </a>
          </p>
        </article>
      ))}
    </section>
  );
}
