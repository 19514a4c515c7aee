/** A prompt renderer that keeps the views (tests assert on the data, not the HTML). */
import type { PromptRenderer, PromptView } from '../../functions/core/ports.js';

/** Keeps every view it renders; the text part is the view as JSON. */
export class RecordingRenderer implements PromptRenderer {
  readonly views: PromptView[] = [];
  render(view: PromptView): { subject: string; html: string; text: string } {
    this.views.push(view);
    return { subject: view.subject, html: `<pre>${view.headline}</pre>`, text: JSON.stringify(view) };
  }
  ofKind(kind: PromptView['kind']): PromptView[] {
    return this.views.filter((view) => view.kind === kind);
  }
}
