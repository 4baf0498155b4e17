/** The explorer's CSS, inlined: the page loads nothing from anywhere else. */
export const styles = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,"Noto Sans TC","Microsoft JhengHei",sans-serif;color:#1d2733;background:#f4f6f8}
header{display:flex;gap:12px;align-items:center;padding:10px 16px;background:#17324d;color:#fff}header h1{font-size:16px;margin:0;font-weight:600}
header .grow{flex:1}header a{color:#cfe3ff}main{display:grid;grid-template-columns:280px 1fr 1fr;gap:12px;padding:12px;height:calc(100vh - 46px)}
section{background:#fff;border:1px solid #d7dee6;border-radius:6px;display:flex;flex-direction:column;min-height:0}
section h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#5a6b7c;margin:0;padding:8px 10px;border-bottom:1px solid #e6ebf0}
textarea,input{font:13px/1.4 ui-monospace,SFMono-Regular,Consolas,monospace;border:0;outline:0;padding:10px;width:100%;resize:none;background:transparent}
#query{flex:3}#variables{flex:1;border-top:1px solid #e6ebf0}
.bar{display:flex;gap:8px;align-items:center;padding:8px 10px;border-top:1px solid #e6ebf0;flex-wrap:wrap}
button{font:inherit;border:1px solid #17324d;background:#17324d;color:#fff;border-radius:4px;padding:4px 12px;cursor:pointer}
button.light{background:#fff;color:#17324d}#status{color:#5a6b7c;font-size:12px}
pre{margin:0;padding:10px;overflow:auto;flex:1;font:12px/1.45 ui-monospace,Consolas,monospace;white-space:pre-wrap}
.err{color:#a3261b}.token{display:flex;gap:6px;align-items:center;padding:8px 10px;border-bottom:1px solid #e6ebf0}
.token input{border:1px solid #d7dee6;border-radius:4px;padding:4px 6px}.hint{font-size:12px;color:#5a6b7c;padding:0 10px 8px}
#filter{border-bottom:1px solid #e6ebf0}#schema{overflow:auto;flex:1;padding:4px 0}
#schema details{padding:0 10px}#schema summary{cursor:pointer;padding:2px 0}#schema .field{padding:1px 0 1px 14px;font:12px ui-monospace,Consolas,monospace}
#schema .root{cursor:pointer;color:#0b5cad}#schema .doc{color:#6b7785;font-family:system-ui;font-size:11px;padding-left:14px}
#examples button,#history button{margin:2px}
`;
