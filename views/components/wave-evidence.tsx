import { waveSignalMessages } from "../../src/defence/waves/messages";
import type { WaveEvidence } from "../../src/defence/waves/wave-detection";
import { formatNumber } from "../format";
import type { PageContext } from "../page-context";

/** Why a wave fired: one line per tripped signal, its window, share and baseline. */
export function WaveEvidenceList(props: { page: PageContext; evidence: WaveEvidence[] }) {
  const t = props.page.messages;
  const language = props.page.language;
  const percent = (share: number) => `${formatNumber(Math.round(share * 1000) / 10, language)} %`;
  return (
    <ul data-wave-evidence>
      {props.evidence.map((reading) => (
        <li data-signal={reading.signal}>
          {t.wavesEvidence(
            t[waveSignalMessages[reading.signal]] as string,
            reading.windowInMinutes,
            percent(reading.observedShare),
            percent(reading.baselineShare),
            formatNumber(Math.round(reading.score * 10) / 10, language),
          )}
        </li>
      ))}
    </ul>
  );
}
