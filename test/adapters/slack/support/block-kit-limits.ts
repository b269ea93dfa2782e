/**
 * Walks Block Kit JSON and lists every place that breaks one of Slack's published limits (the ones Slack answers
 * `invalid_blocks` for). An empty list means Slack accepts the message as far as sizes go.
 */
export function blockKitViolations(blocks: any[], kind: 'message' | 'modal' = 'message'): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) problems.push(what); };
  check(blocks.length <= (kind === 'message' ? 50 : 100), `${blocks.length} blocks`);
  blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    if (block.block_id) check(block.block_id.length <= 255, `${at}: block_id`);
    switch (block.type) {
      case 'header':
        check(block.text.type === 'plain_text' && block.text.text.length <= 150, `${at}: header text ${block.text.text.length}`);
        break;
      case 'section':
        if (block.text) check(block.text.text.length <= 3000 && block.text.text.length > 0, `${at}: section text ${block.text.text.length}`);
        if (block.fields) {
          check(block.fields.length <= 10, `${at}: ${block.fields.length} fields`);
          block.fields.forEach((f: any, j: number) => check(f.text.length <= 2000, `${at}: field ${j} ${f.text.length}`));
        }
        check(!!block.text || !!block.fields, `${at}: section without text or fields`);
        break;
      case 'actions':
        check(block.elements.length <= 25, `${at}: ${block.elements.length} elements`);
        check(new Set(block.elements.map((e: any) => e.action_id)).size === block.elements.length, `${at}: duplicate action_id`);
        for (const e of block.elements) {
          check(e.text.text.length <= 75, `${at}: button text ${e.text.text.length}`);
          check((e.value ?? '').length <= 2000, `${at}: button value ${(e.value ?? '').length}`);
          check(e.action_id.length <= 255, `${at}: action_id`);
        }
        break;
      case 'context':
        check(block.elements.length <= 10, `${at}: ${block.elements.length} context elements`);
        for (const e of block.elements) check((e.text ?? '').length <= 3000, `${at}: context text`);
        break;
      case 'image':
        check(block.image_url.length <= 3000 && block.alt_text.length <= 2000, `${at}: image`);
        break;
      case 'input': {
        check(block.label.text.length <= 2000, `${at}: label`);
        const e = block.element;
        if (e.placeholder) check(e.placeholder.text.length <= 150, `${at}: placeholder`);
        if (e.type === 'plain_text_input') check((e.max_length ?? 3000) <= 3000, `${at}: max_length ${e.max_length}`);
        if (e.type === 'static_select') {
          const groups = e.option_groups ?? [{ options: e.options }];
          check(!(e.options && e.option_groups), `${at}: options and option_groups`);
          check(groups.length <= 100, `${at}: ${groups.length} option groups`);
          for (const g of groups) {
            check(g.options.length <= 100, `${at}: ${g.options.length} options`);
            if (g.label) check(g.label.text.length <= 75, `${at}: group label`);
            for (const o of g.options) check(o.text.text.length <= 75 && o.value.length <= 150, `${at}: option ${o.value}`);
          }
        }
        break;
      }
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  return problems;
}
