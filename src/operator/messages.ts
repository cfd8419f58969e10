/** Messages for the operator's first run and incident follow-through (issue 24). */
export const operatorEn = {
  wrongHostTitle: "Open rekey at its own address",
  wrongHostBody: (origin: string) =>
    `This portal answers at ${origin}. Forms sent from any other address are refused, because your browser keeps the form's security cookie for that address only. Open the portal there and send the form again.`,
  wrongHostLink: (origin: string) => `Go to ${origin}`,
};

export const operatorJa: typeof operatorEn = {
  wrongHostTitle: "rekey は正しいアドレスで開いてください",
  wrongHostBody: (origin: string) =>
    `このポータルのアドレスは ${origin} です。ブラウザーはフォームを守るための Cookie をそのアドレスにだけ保存するので、ほかのアドレスから送ったフォームは受け付けられません。正しいアドレスでポータルを開き、もう一度送信してください。`,
  wrongHostLink: (origin: string) => `${origin} を開く`,
};
