import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideSources } from './precedence.js';

// Verdicts written out by hand: the rules themselves are under test, not the readers.
const affected = { status: 'affected' as const, reason: '8.1.28 in [8.1, 8.1.29) affected', fixedVersion: '8.1.29' };
const unaffected = { status: 'unaffected' as const, reason: '8.1.29 is past the affected range [8.1, 8.1.29)', fixedVersion: undefined };
const nvdMatch = { named: true, matched: true, reason: 'php 8.1.29 in [8.1.0, 8.2.0)' };
const nvdSilent = { named: false, matched: false, reason: undefined };

describe('precedence between the CNA, NVD and CISA Vulnrichment', () => {
  it('a vendor (CNA) listing the version as unaffected beats an NVD range, with both reasons', () => {
    const decision = decideSources({ nvd: nvdMatch, cna: unaffected, adp: undefined, assigner: 'php' });
    assert.equal(decision.verdict, 'not-affected');
    assert.ok(decision.verdict === 'not-affected' && decision.source === 'cve5' && decision.overruled === 'nvd');
    assert.match(decision.verdict === 'not-affected' ? decision.reason : '', /the CNA \(php\) lists it as not affected: 8\.1\.29 is past .*NVD's match \(php 8\.1\.29 in \[8\.1\.0, 8\.2\.0\)\) is overruled/);
  });

  it('NVD decides when the CNA says nothing; the CNA decides where NVD has no configuration', () => {
    assert.deepEqual(decideSources({ nvd: nvdMatch, cna: undefined, adp: undefined, assigner: undefined }), { verdict: 'none' });
    const cna = decideSources({ nvd: nvdSilent, cna: affected, adp: undefined, assigner: 'php' });
    assert.ok(cna.verdict === 'affected' && cna.source === 'cve5' && cna.fixedVersion === '8.1.29');
  });

  it('Vulnrichment speaks last: only where neither the CNA nor an NVD analysis of the product does', () => {
    const alone = decideSources({ nvd: nvdSilent, cna: { status: 'unknown', reason: '', fixedVersion: undefined }, adp: affected, assigner: 'mitre' });
    assert.ok(alone.verdict === 'affected' && alone.source === 'vulnrichment');
    const analysed = decideSources({ nvd: { named: true, matched: false, reason: undefined }, cna: undefined, adp: affected, assigner: 'mitre' });
    assert.ok(analysed.verdict === 'not-affected' && analysed.source === 'nvd' && analysed.overruled === 'vulnrichment');
    const vendor = decideSources({ nvd: nvdSilent, cna: unaffected, adp: affected, assigner: 'php' });
    assert.ok(vendor.verdict === 'not-affected' && vendor.overruled === 'vulnrichment');
  });
});
