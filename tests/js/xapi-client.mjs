// Drives the LRS with @xapi/xapi, a real xAPI client from npm: sends statements in batches and one by one, reads
// them back page by page following `more`, and fetches one by id. Prints what it saw as JSON for the .NET test.
// Usage: node xapi-client.mjs <endpoint> <key> <secret> <version>
import XAPI from "@xapi/xapi";

const [endpoint, key, secret, version] = process.argv.slice(2);
const xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret), version });

const agent = { objectType: "Agent", account: { homePage: "https://content.example.edu", name: `learner-${Date.now()}` } };
const statement = (i) => ({
  actor: agent,
  verb: { id: "http://adlnet.gov/expapi/verbs/experienced", display: { "en-US": "experienced" } },
  object: { objectType: "Activity", id: `https://content.example.edu/unit/${i}`, definition: { name: { "en-US": `Unit ${i}` } } },
  timestamp: new Date(Date.UTC(2026, 10, 25, 9, 0, i)).toISOString(),
});

const report = { sentIds: [], receivedIds: [], pages: 0, single: null, errors: [] };
try {
  for (let batch = 0; batch < 3; batch++) {
    const sent = await xapi.sendStatements({ statements: Array.from({ length: 10 }, (_, i) => statement(batch * 10 + i)) });
    report.sentIds.push(...sent.data);
  }
  const one = await xapi.sendStatement({ statement: statement(30) });
  report.sentIds.push(...one.data);

  let page = await xapi.getStatements({ agent, limit: 7, ascending: true });
  for (;;) {
    report.pages++;
    report.receivedIds.push(...page.data.statements.map((s) => s.id));
    if (!page.data.more) break;
    page = await xapi.getMoreStatements({ more: page.data.more });
  }
  const fetched = await xapi.getStatement({ statementId: one.data[0] });
  report.single = { id: fetched.data.id, stored: fetched.data.stored, authority: fetched.data.authority ?? null };
} catch (error) {
  report.errors.push(`${error.message} ${JSON.stringify(error.response?.data ?? "")}`);
}
console.log(JSON.stringify(report));
