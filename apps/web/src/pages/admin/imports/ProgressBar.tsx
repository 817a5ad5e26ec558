import { useId } from 'react';

/** A labelled progress bar (0–100) with its text said by screen readers and shown under it. */
export function ProgressBar({ label, percent, text }: { label: string; percent: number; text: string }) {
  const labelId = useId();
  return (
    <div className="imports__progress">
      <p id={labelId}>{label}</p>
      <div className="imports__bar" role="progressbar" aria-labelledby={labelId} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text}>
        <div className="imports__bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <p>{text}</p>
    </div>
  );
}
