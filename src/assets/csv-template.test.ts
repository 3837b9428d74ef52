import assert from "node:assert/strict";
import { test } from "node:test";
import { CSV_TEMPLATE_COLUMNS, csvTemplateHeader, importAssetCsv } from "./csv-template.js";

const HEADER = csvTemplateHeader().trim();

test("good rows become assets with the template's meaning", () => {
  const text = [
    HEADER,
    'SCADA-01,cfe,tula,10.1.2.3;10.1.2.4,AA-BB-CC-DD-EE-01,scada01,control,crítica,no,OT team,Siemens,"cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9.2:*:*:*:*:*:*:*;cpe:/h:siemens:simatic_s7-1500",',
    "web,cfe,,203.0.113.5,,www.example.mx,server,high,sí,,,,pkg:npm/express@4.17.1",
  ].join("\n");
  const r = importAssetCsv(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.rowsRead, 2);
  const [scada, web] = r.assets;
  assert.equal(scada?.key, "mac:aa:bb:cc:dd:ee:01");
  assert.deepEqual(scada?.addresses, ["10.1.2.3", "10.1.2.4"]);
  assert.equal(scada?.criticality, "critical");
  assert.equal(scada?.role, "control");
  assert.equal(scada?.internetExposed, false);
  assert.equal(scada?.software.length, 2);
  assert.equal(scada?.software[1]?.cpe, "cpe:2.3:h:siemens:simatic_s7-1500:*:*:*:*:*:*:*:*");
  assert.equal(web?.key, "ip:203.0.113.5|www.example.mx");
  assert.equal(web?.internetExposed, true);
  assert.equal(web?.software[0]?.version, "4.17.1");
});

test("each bad cell is named by line, column and problem; good rows are kept", () => {
  const text = [
    HEADER,
    "ok-1,,,10.0.0.1,,,,,,,,,",
    "bad-ip,,,10.0.0.300,,,,,,,,,",
    "bad-two,,,,zz:zz,,boss,,maybe,,,,",
    ",,,,,,,,,,,,",
    'bad-cpe,,,,,,,,,,,"cpe:2.3:a:v:p:1\\",',
    "ok-2,,,::1,,,,low,yes,,,,",
  ].join("\n");
  const r = importAssetCsv(text);
  assert.deepEqual(
    r.assets.map((a) => a.name),
    ["ok-1", "ok-2"],
  );
  const col = (name: string) => CSV_TEMPLATE_COLUMNS.indexOf(name as never) + 1;
  assert.deepEqual(
    r.problems.map((p) => [p.line, p.column, p.path]),
    [
      [3, col("ip"), "ip"],
      [4, col("mac"), "mac"],
      [4, col("role"), "role"],
      [4, col("internet_exposed"), "internet_exposed"],
      [5, col("name"), "name"],
      [6, col("cpe"), "cpe"],
    ],
  );
  assert.match(r.problems[0]?.message ?? "", /10\.0\.0\.300/);
  assert.match(r.problems[5]?.message ?? "", /CPE_/);
});

test("a wrong column is reported with its position and ignored; rows still import", () => {
  const r = importAssetCsv("name,critcality,ip\nhost-a,high,10.0.0.1\n");
  assert.equal(r.assets.length, 1);
  assert.equal(r.assets[0]?.criticality, "medium");
  assert.deepEqual(
    r.problems.map((p) => [p.code, p.line, p.column, p.path]),
    [["CSV_BAD_HEADER", 1, 2, "critcality"]],
  );
  const noName = importAssetCsv("host,ip\nhost-a,10.0.0.1\n");
  assert.equal(noName.assets.length, 0);
  assert.ok(noName.problems.some((p) => p.path === "name" && p.code === "CSV_BAD_HEADER"));
});

test("malformed CSV: a broken quote is reported by line and the other rows kept", () => {
  const r = importAssetCsv('name,ip\na,10.0.0.1\nb"x,10.0.0.2\nc,10.0.0.3\nd,10.0.0.4,extra\n');
  assert.deepEqual(
    r.assets.map((a) => a.name),
    ["a", "c"],
  );
  assert.deepEqual(
    r.problems.map((p) => [p.code, p.line]),
    [
      ["CSV_MALFORMED", 3],
      ["CSV_BAD_CELL", 5],
    ],
  );
  assert.equal(importAssetCsv("").problems[0]?.code, "CSV_BAD_HEADER");
});
