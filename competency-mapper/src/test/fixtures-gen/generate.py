#!/usr/bin/env python3
"""Writes the crediting-rule fixtures under src/test/resources/fixtures/<rule>/<case>.json.

Each fixture is a real-looking stored statement (as the LRS publishes it) plus, where the rule needs
it, the catalogue, and the credits expected -- worked out here from the rule text, not by running the
Java rules. Re-run after changing a rule: python3 src/test/fixtures-gen/generate.py
"""
import json, os, uuid, datetime, copy

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', 'resources', 'fixtures')
FRAMEWORK = json.load(open(os.path.join(HERE, '..', '..', 'main', 'resources', 'framework', 'hee-ahp-support-worker-2021.json')))
SPANS = {c['number'] for d in FRAMEWORK['domains'] for c in d['competencies'] if c['spansAllStages']}
C = 'https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/'
CSTF = 'https://ahp-hub.org/vocab/cstf/'
CARE = 'https://ahp-hub.org/vocab/care-certificate'
APP = 'https://ahp-hub.org/vocab/apprenticeship-standard/'
CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5'
ADL = 'http://adlnet.gov/expapi/verbs/'
STAGES = ['entry', 'intermediate', 'assistant-practitioner']
ELFH = 'https://portal.e-lfh.org.uk'
count = {}

def sid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, 'fixture:' + name))

def statement(name, verb, obj, categories=(), parents=(), groupings=(), result=None, ts='2026-03-05T10:15:00Z',
              extensions=None, actor=None, org='e-Learning for Health'):
    s = {
        'id': sid(name),
        'actor': actor or {'objectType': 'Agent', 'name': 'Sam Support',
                           'account': {'homePage': ELFH, 'name': 'elfh-user-48213'}},
        'verb': {'id': verb if verb.startswith('http') else ADL + verb, 'display': {'en-GB': verb.rsplit('/', 1)[-1]}},
        'object': {'objectType': 'Activity', 'id': obj,
                   'definition': {'type': 'http://adlnet.gov/expapi/activities/course',
                                  'name': {'en-GB': 'Course ' + obj.rsplit('/', 1)[-1]}}},
        'timestamp': ts,
        'stored': ts.replace('Z', '.412Z') if '.' not in ts else ts,
        'authority': {'objectType': 'Agent', 'name': org,
                      'account': {'homePage': 'https://ahp-hub.org/organisations', 'name': 'elfh-platform'}},
        'version': '1.0.3',
    }
    ca = {}
    if categories:
        ca['category'] = [{'id': c, 'objectType': 'Activity'} for c in categories]
    if parents:
        ca['parent'] = [{'id': c, 'objectType': 'Activity'} for c in parents]
    if groupings:
        ca['grouping'] = [{'id': c, 'objectType': 'Activity'} for c in groupings]
    ctx = {'platform': 'e-Learning for Health', 'language': 'en-GB'}
    if ca:
        ctx['contextActivities'] = ca
    if extensions:
        ctx['extensions'] = extensions
    s['context'] = ctx
    if result is not None:
        s['result'] = result
    return s

def add_years(ts, years):
    d = datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M:%SZ')
    return d.replace(year=d.year + years).strftime('%Y-%m-%dT%H:%M:%SZ')

def add_months(ts, months):
    d = datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M:%SZ')
    m = d.month - 1 + months
    return d.replace(year=d.year + m // 12, month=m % 12 + 1).strftime('%Y-%m-%dT%H:%M:%SZ')

def credit(number, stage, rule, kind, basis, confidence, ts, until=None):
    return {'competency': number, 'stage': stage, 'rule': rule, 'kind': kind, 'basis': basis,
            'confidence': confidence, 'validFrom': ts, 'validUntil': until}

def stages_of(number):
    return STAGES if number in SPANS else ['entry']

def write(rule, name, description, stmt, expected, catalogue=None):
    folder = os.path.join(ROOT, rule)
    os.makedirs(folder, exist_ok=True)
    doc = {'description': description, 'statement': stmt, 'expected': expected}
    if catalogue is not None:
        doc['catalogue'] = catalogue
    with open(os.path.join(folder, name + '.json'), 'w') as f:
        json.dump(doc, f, indent=2)
        f.write('\n')
    count[rule] = count.get(rule, 0) + 1

TS = '2026-03-05T10:15:00Z'
EA = 'explicit-alignment@2'

# ------------------------------------------------------------------ explicit alignment
R = 'explicit-alignment'
def ea(number, stage, basis='completed', conf=0.9):
    return credit(number, stage, EA, 'learning', basis, conf, TS)
write(R, 'completed-category-bare-iri', 'completed with a bare competency IRI in category: entry stage (5.6 has stage-specific indicators)',
      statement('ea1', 'completed', 'https://learning.example-trust.nhs.uk/courses/ipc-level-2', [C + '5.6']), [ea('5.6', 'entry')])
write(R, 'passed-stage-iri', 'passed with a competency x stage IRI credits exactly that stage',
      statement('ea2', 'passed', 'https://learning.example-trust.nhs.uk/courses/safeguarding-3', [C + '5.5/intermediate']),
      [ea('5.5', 'intermediate', 'passed', 1.0)])
write(R, 'mastered-object-is-competency', 'mastered with the competency itself as the object',
      statement('ea3', 'mastered', C + '4.4/intermediate'), [ea('4.4', 'intermediate', 'mastered', 1.0)])
write(R, 'parent-activity', 'a competency IRI as the parent activity credits',
      statement('ea4', 'completed', 'https://learning.example-trust.nhs.uk/courses/record-keeping/module-2', parents=[C + '3.4']),
      [ea('3.4', 'entry')])
write(R, 'grouping-activity', 'a competency x stage IRI as a grouping activity credits',
      statement('ea5', 'passed', 'https://learning.example-trust.nhs.uk/courses/leadership-day', groupings=[C + '7.3/assistant-practitioner']),
      [ea('7.3', 'assistant-practitioner', 'passed', 1.0)])
write(R, 'spanning-competency-all-stages', '5.1 has one indicator for all stages: credited at every stage',
      statement('ea6', 'completed', 'https://learning.example-trust.nhs.uk/courses/hs-induction', [C + '5.1']),
      [ea('5.1', s) for s in STAGES])
write(R, 'failed-never-credits', 'failed never credits',
      statement('ea7', 'failed', 'https://learning.example-trust.nhs.uk/courses/ipc-level-2', [C + '5.6'],
                result={'score': {'scaled': 0.4}}), [])
write(R, 'success-false-never-credits', 'completed with result.success false never credits',
      statement('ea8', 'completed', 'https://learning.example-trust.nhs.uk/courses/ipc-level-2', [C + '5.6'],
                result={'success': False, 'completion': True}), [])
write(R, 'attempted-does-not-credit', 'attempted is not an achievement',
      statement('ea9', 'attempted', 'https://learning.example-trust.nhs.uk/courses/ipc-level-2', [C + '5.6']), [])
write(R, 'unknown-iri-ignored', 'an IRI outside the framework credits nothing',
      statement('ea10', 'completed', 'https://learning.example-trust.nhs.uk/courses/x', ['https://example.org/skills/handwashing']), [])
write(R, 'several-competencies', 'several competencies across category and parent, in framework order',
      statement('ea11', 'completed', 'https://learning.example-trust.nhs.uk/courses/communication',
                [C + '4.4', 'https://example.org/other'], parents=[C + '2.2/intermediate']),
      [ea('2.2', 'intermediate'), ea('4.4', 'entry')])
write(R, 'cmi5-completed', 'cmi5 completed statement with the cmi5 category and a competency IRI credits',
      statement('ea12', 'completed', 'https://lms.example.org/au/ipc-1', [CMI5, C + '5.6/entry'],
                result={'completion': True, 'duration': 'PT24M'}), [ea('5.6', 'entry')])
write(R, 'voided-verb-ignored', 'a voiding statement never credits',
      dict(statement('ea13', 'voided', 'x:y'), object={'objectType': 'StatementRef', 'id': sid('ea1')}), [])

# ------------------------------------------------------------------ activity catalogue
R = 'activity-catalogue'
AC = 'activity-catalogue@1'
TRUST = 'https://learning.example-trust.nhs.uk/sessions/'
cat = [
    {'id': TRUST + 'dysphagia-awareness', 'competencies': [{'competency': '3.6', 'stage': 'intermediate'},
                                                          {'competency': '3.9', 'stage': 'intermediate'}],
     'passMark': 0.8, 'renewal': 'P2Y', 'kind': 'learning'},
    {'id': TRUST + 'falls-prevention', 'competencies': [{'competency': '5.3', 'stage': 'entry'}],
     'renewal': 'P18M', 'kind': 'assessed-practice'},
    {'id': TRUST + 'team-huddle-leadership', 'competencies': [{'competency': '7.2', 'stage': 'entry'}], 'kind': 'learning'},
]
def ac(number, stage, basis, conf, until, kind='learning'):
    return credit(number, stage, AC, kind, basis, conf, TS, until)
write(R, 'passed-meets-pass-mark', 'passed with 0.85 against a pass mark of 0.8 credits both targets for 2 years',
      statement('ac1', 'passed', TRUST + 'dysphagia-awareness', result={'score': {'scaled': 0.85, 'raw': 17, 'min': 0, 'max': 20}}),
      [ac('3.6', 'intermediate', 'passed', 1.0, add_years(TS, 2)), ac('3.9', 'intermediate', 'passed', 1.0, add_years(TS, 2))], cat)
write(R, 'completed-below-pass-mark', 'completed with 0.6 against a pass mark of 0.8 does not credit',
      statement('ac2', 'completed', TRUST + 'dysphagia-awareness', result={'score': {'scaled': 0.6}}), [], cat)
write(R, 'success-overrides-score', 'result.success true decides even with a score under the pass mark',
      statement('ac3', 'passed', TRUST + 'dysphagia-awareness', result={'success': True, 'score': {'scaled': 0.7}}),
      [ac('3.6', 'intermediate', 'passed', 1.0, add_years(TS, 2)), ac('3.9', 'intermediate', 'passed', 1.0, add_years(TS, 2))], cat)
write(R, 'success-false', 'result.success false never credits, whatever the score',
      statement('ac4', 'completed', TRUST + 'dysphagia-awareness', result={'success': False, 'score': {'scaled': 0.95}}), [], cat)
write(R, 'completed-no-score-assessed-practice', 'completion without a score credits; 18-month renewal; assessed practice',
      statement('ac5', 'completed', TRUST + 'falls-prevention'),
      [ac('5.3', 'entry', 'completed', 0.9, add_months(TS, 18), 'assessed-practice')], cat)
write(R, 'no-renewal-no-expiry', 'an entry without renewal gives a credit that does not expire',
      statement('ac6', 'completed', TRUST + 'team-huddle-leadership'), [ac('7.2', 'entry', 'completed', 0.9, None)], cat)
write(R, 'catalogued-parent', 'a module of a catalogued course (catalogued IRI as parent) credits the course targets',
      statement('ac7', 'completed', TRUST + 'falls-prevention/module-3', parents=[TRUST + 'falls-prevention']),
      [ac('5.3', 'entry', 'completed', 0.9, add_months(TS, 18), 'assessed-practice')], cat)
write(R, 'not-catalogued', 'an activity nobody catalogued credits nothing',
      statement('ac8', 'completed', TRUST + 'car-parking-briefing'), [], cat)

# ------------------------------------------------------------------ statutory and mandatory training
R = 'statutory-mandatory-training'
SM = 'statutory-mandatory-training@1'
cstf = json.load(open(os.path.join(HERE, '..', '..', 'main', 'resources', 'rules', 'core-skills-training-framework.json')))
for i, subject in enumerate(cstf['subjects']):
    years = int(subject['renewal'][1:-1])
    stmt = statement('sm-' + subject['code'], 'passed', 'https://portal.e-lfh.org.uk/Component/Details/' + str(560000 + i),
                     [CSTF + subject['code']], result={'score': {'scaled': 0.9, 'raw': 9, 'min': 0, 'max': 10}, 'completion': True})
    expected = [credit(n, s, SM, 'learning', 'passed', 1.0, TS, add_years(TS, years))
                for n in sorted(subject['competencies'], key=lambda x: [int(p) for p in x.split('.')]) for s in stages_of(n)]
    write(R, subject['code'], subject['title'] + ' passed with 0.9: credits ' + ', '.join(subject['competencies'])
          + ' until ' + subject['renewal'] + ' later', stmt, expected)
write(R, 'score-below-pass-mark', 'fire safety with 0.75 (under the e-LfH 0.8) and no success flag does not credit',
      statement('sm-low', 'completed', 'https://portal.e-lfh.org.uk/Component/Details/570001', [CSTF + 'fire-safety'],
                result={'score': {'scaled': 0.75}}), [])
write(R, 'success-true-overrides-score', 'result.success true wins over a 0.5 score (the provider knows its pass mark)',
      statement('sm-succ', 'completed', 'https://portal.e-lfh.org.uk/Component/Details/570002', [CSTF + 'resuscitation'],
                result={'success': True, 'score': {'scaled': 0.5}}),
      [credit('3.12', s, SM, 'learning', 'completed', 0.9, TS, add_years(TS, 1)) for s in STAGES])
write(R, 'success-false-overrides-score', 'result.success false wins over a 0.95 score',
      statement('sm-fail', 'passed', 'https://portal.e-lfh.org.uk/Component/Details/570003', [CSTF + 'conflict-resolution'],
                result={'success': False, 'score': {'scaled': 0.95}}), [])
write(R, 'completion-without-assessment', 'completed with no score: the completion credits (confidence 0.9)',
      statement('sm-compl', 'completed', 'https://portal.e-lfh.org.uk/Component/Details/570004', [CSTF + 'moving-handling-l1']),
      [credit('5.3', s, SM, 'learning', 'completed', 0.9, TS, add_years(TS, 3)) for s in STAGES])
write(R, 'completed-with-passing-score', 'completed with 0.8 exactly meets the pass mark: assessed, confidence 1.0',
      statement('sm-eq', 'completed', 'https://portal.e-lfh.org.uk/Component/Details/570005', [CSTF + 'infection-prevention-control-l2'],
                result={'score': {'scaled': 0.8}}),
      [credit('5.6', 'entry', SM, 'learning', 'completed', 1.0, TS, add_years(TS, 1))])
write(R, 'failed', 'failed never credits',
      statement('sm-failed', 'failed', 'https://portal.e-lfh.org.uk/Component/Details/570006', [CSTF + 'safeguarding-adults'],
                result={'score': {'scaled': 0.3}}), [])
write(R, 'two-subjects-one-course', 'a course tagged with both safeguarding subjects credits 5.5 once (3 years)',
      statement('sm-two', 'passed', 'https://portal.e-lfh.org.uk/Component/Details/570007',
                [CSTF + 'safeguarding-adults', CSTF + 'safeguarding-children'], result={'success': True}),
      [credit('5.5', 'entry', SM, 'learning', 'passed', 1.0, TS, add_years(TS, 3))])
write(R, 'cstf-wins-over-explicit', 'a CSTF course also tagged with 5.6 is credited by the CSTF rule, with its renewal',
      statement('sm-both', 'passed', 'https://portal.e-lfh.org.uk/Component/Details/570008',
                [CSTF + 'infection-prevention-control-l1', C + '5.6'], result={'success': True}),
      [credit('5.6', 'entry', SM, 'learning', 'passed', 1.0, TS, add_years(TS, 3))])

# ------------------------------------------------------------------ care certificate
R = 'care-certificate'
CC = 'care-certificate@1'
care = json.load(open(os.path.join(HERE, '..', '..', 'main', 'resources', 'rules', 'care-certificate.json')))
def key(n):
    return [int(p) for p in n.split('.')]
for n in (3, 6, 13, 15):
    std = care['standards'][n - 1]
    write(R, 'standard-%d' % n, 'Care Certificate standard %d (%s) completed: its competencies at entry, assessed practice' % (n, std['title']),
          statement('cc%d' % n, 'completed', 'https://portal.e-lfh.org.uk/Component/Details/60%04d' % n, [CARE + '/standard/%d' % n]),
          [credit(c, 'entry', CC, 'assessed-practice', 'completed', 0.9, TS) for c in sorted(std['competencies'], key=key)])
allc = sorted({c for s in care['standards'] for c in s['competencies']}, key=key)
write(R, 'whole-certificate', 'the whole Care Certificate: every mapped competency at entry, as a qualification',
      statement('cc-all', 'passed', CARE, result={'success': True}, org='Example Community Trust'),
      [credit(c, 'entry', CC, 'qualification', 'passed', 1.0, TS) for c in allc])
write(R, 'standard-not-passed', 'a standard with result.success false credits nothing',
      statement('cc-no', 'completed', 'https://portal.e-lfh.org.uk/Component/Details/600010', [CARE + '/standard/10'],
                result={'success': False}), [])
write(R, 'unknown-standard', 'there is no standard 16',
      statement('cc16', 'completed', 'https://portal.e-lfh.org.uk/Component/Details/600016', [CARE + '/standard/16']), [])

# ------------------------------------------------------------------ apprenticeships
R = 'apprenticeship-standard'
AS = 'apprenticeship-standard@1'
IFA = 'https://www.instituteforapprenticeships.org/apprenticeship-standards/'
def appr(name, code, verb, result, ext=True):
    extensions = {'https://ahp-hub.org/vocab/xapi/extensions/epa-organisation': 'EPA0123',
                  'https://ahp-hub.org/vocab/xapi/extensions/learner-reference-number': 'HSW002'} if ext else None
    res = dict(result)
    res.setdefault('extensions', {'https://ahp-hub.org/vocab/xapi/extensions/grade': 'Distinction'})
    return statement(name, verb, IFA + code.lower(), [APP + code], result=res, extensions=extensions,
                     actor={'objectType': 'Agent', 'account': {'homePage': 'https://www.gov.uk/uln', 'name': '9876543210'}},
                     org='Example Apprenticeship Provider')
for code, stage in (('ST0216', 'entry'), ('ST0217', 'intermediate'), ('ST0215', 'assistant-practitioner')):
    write(R, 'achieved-' + code.lower(), code + ' achieved (passed, grade, EPA organisation): 1.1 at ' + stage + ' as a qualification',
          appr('ap-' + code, code, 'passed', {'success': True, 'completion': True}),
          [credit('1.1', stage, AS, 'qualification', 'passed', 1.0, TS)])
write(R, 'completed-awaiting-epa', 'learning completed, end-point assessment pending: no credit yet',
      appr('ap-compl', 'ST0217', 'completed', {'completion': True}), [])
write(R, 'not-achieved', 'outcome not achieved (failed): no credit',
      appr('ap-fail', 'ST0216', 'failed', {'success': False, 'completion': True}), [])
write(R, 'unknown-standard', 'a standard outside the framework requirements credits nothing',
      appr('ap-unk', 'ST0999', 'passed', {'success': True}), [])

# ------------------------------------------------------------------ cmi5
R = 'cmi5'
MS = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore'
MO = 'https://w3id.org/xapi/cmi5/context/extensions/moveon'
def cmi(name, verb, ext, result=None, categories=(C + '5.6/entry',)):
    return statement(name, verb, 'https://lms.example.org/au/' + name, [CMI5] + list(categories), result=result,
                     extensions=dict(ext, **{'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sid(name + 's')}))
write(R, 'passed-below-mastery', 'passed with 0.7 under masteryScore 0.8 does not credit',
      cmi('cm1', 'passed', {MS: 0.8}, {'score': {'scaled': 0.7}}), [])
write(R, 'passed-at-mastery', 'passed with 0.8 at masteryScore 0.8 credits',
      cmi('cm2', 'passed', {MS: 0.8}, {'score': {'scaled': 0.8}}), [credit('5.6', 'entry', EA, 'learning', 'passed', 1.0, TS)])
write(R, 'completed-moveon-passed', 'completed when moveOn is Passed does not satisfy the AU',
      cmi('cm3', 'completed', {MO: 'Passed'}, {'completion': True}), [])
write(R, 'completed-moveon-completed-or-passed', 'completed when moveOn is CompletedOrPassed credits',
      cmi('cm4', 'completed', {MO: 'CompletedOrPassed'}, {'completion': True}),
      [credit('5.6', 'entry', EA, 'learning', 'completed', 0.9, TS)])
write(R, 'completed-moveon-completed-and-passed', 'completed alone when moveOn is CompletedAndPassed waits for satisfied',
      cmi('cm5', 'completed', {MO: 'CompletedAndPassed'}, {'completion': True}), [])
write(R, 'passed-moveon-completed', 'passed when moveOn is Completed does not satisfy the AU',
      cmi('cm6', 'passed', {MO: 'Completed'}, {'success': True, 'score': {'scaled': 0.9}}), [])
write(R, 'satisfied', 'the LMS says the block is satisfied: credits',
      cmi('cm7', 'https://w3id.org/xapi/adl/verbs/satisfied', {MO: 'CompletedAndPassed'}),
      [credit('5.6', 'entry', EA, 'learning', 'satisfied', 1.0, TS)])
write(R, 'waived', 'waived credits with confidence 0.5 and says so (basis waived)',
      cmi('cm8', 'https://w3id.org/xapi/adl/verbs/waived', {MO: 'Passed'},
          {'success': True, 'completion': True, 'extensions': {'https://w3id.org/xapi/cmi5/result/extensions/reason': 'Tested Out'}}),
      [credit('5.6', 'entry', EA, 'learning', 'waived', 0.5, TS)])
write(R, 'waived-outside-cmi5', 'the waived verb outside a cmi5 statement is not recognised',
      statement('cm9', 'https://w3id.org/xapi/adl/verbs/waived', 'https://lms.example.org/au/x', [C + '5.6/entry']), [])
write(R, 'mastery-with-cstf', 'a cmi5 CSTF course with masteryScore 0.9 (stricter than 0.8): 0.85 does not credit',
      cmi('cm10', 'passed', {MS: 0.9}, {'score': {'scaled': 0.85}}, categories=(CSTF + 'fire-safety',)), [])

print(json.dumps(count, indent=1), sum(count.values()))
