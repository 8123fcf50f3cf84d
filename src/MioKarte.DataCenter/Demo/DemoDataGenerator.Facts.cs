using System.Globalization;

using Hl7.Fhir.Model;

using MioKarte.DataCenter.Fhir;

#pragma warning disable CA5394 // Deliberate: demo data must be reproducible from a fixed seed; nothing here is secret.

namespace MioKarte.DataCenter.Demo;

// The demo's clinical facts — 傷病名, アレルギー・薬剤禁忌, 感染症, vital signs, one death — shaped
// as JP Core / JP-CLINS send them. They draw on a generator of their own, seeded by the person, so
// the rest of the demo (names, numbers, the README's table) stays as it was.
public sealed partial class DemoDataGenerator
{
    /// <summary>Each person's last visit: a death is dated after it.</summary>
    private readonly Dictionary<string, DateTimeOffset> lastVisits = new(StringComparer.Ordinal);

    /// <summary>
    /// The demo person who has died (Patient.deceasedDateTime, three days after the last visit, at
    /// every hospital): the oldest of those the demo clinic links besides the heavy patient, so the
    /// demo shows 死亡.
    /// </summary>
    private void MarkOneDeceased(DemoDataSet data)
    {
        var patients = data.Bundles.SelectMany(b => b.Bundle.Entry).Select(e => e.Resource).OfType<Patient>().ToList();
        static string Key(Patient p) => p.Id![..p.Id!.LastIndexOf('-')];
        var person = data.PersonsLinkedAtDemoClinic().Where(k => k != HeavyPatientKey && lastVisits.ContainsKey(k))
            .MinBy(k => patients.First(p => Key(p) == k).BirthDate, StringComparer.Ordinal)!;
        foreach (var patient in patients.Where(p => Key(p) == person))
        {
            patient.Deceased = new FhirDateTime(Stamp(lastVisits[person].AddDays(3)));
        }
    }

    private const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private const string AllergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    private const string Icd10 = "http://jpfhir.jp/fhir/core/CodeSystem/JP_CodeSystem_ICD10";
    private const string InfectionLabo = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_InfectionLabo_CS";

    /// <summary>The diagnosis each regular drug is for (ICD-10).</summary>
    private static readonly Dictionary<string, (string Icd10, string Name)> DiagnosisOfDrug = new(StringComparer.Ordinal)
    {
        ["アムロジピン錠5mg"] = ("I10", "本態性高血圧症"),
        ["メトホルミン塩酸塩錠250mg"] = ("E11.9", "2型糖尿病"),
        ["シタグリプチン錠50mg"] = ("E11.9", "2型糖尿病"),
        ["ロスバスタチン錠2.5mg"] = ("E78.5", "脂質異常症"),
        ["ランソプラゾールOD錠15mg"] = ("K21.9", "逆流性食道炎"),
        ["ロキソプロフェンNa錠60mg"] = ("M17.9", "変形性膝関節症"),
        ["ロキソプロフェンNaテープ100mg"] = ("M54.5", "腰痛症"),
        ["酸化マグネシウム錠330mg"] = ("K59.0", "便秘症"),
        ["ゾルピデム酒石酸塩錠5mg"] = ("G47.0", "不眠症"),
        ["ヘパリン類似物質油性クリーム0.3%"] = ("L85.3", "皮脂欠乏症"),
    };

    private void ClinicalFacts(Person person, DemoFacility[] facilities, DateTimeOffset from, List<(DemoFacility Facility, DateTimeOffset At)> visits, Drug[] regimen, bool intensive)
    {
        var facts = new Random(StableHash("facts:" + person.Key));
        var home = facilities[0];
        var patientRef = PatientRef(person, home);

        // 傷病名: one for each regular drug (onset when the history starts), a resolved one, and —
        // for some — one known only by when it was registered (no onset date) and a 疑い病名.
        var n = 0;
        foreach (var (icd, name) in regimen.Select(d => DiagnosisOfDrug.GetValueOrDefault(d.Name)).Where(d => d.Name is not null).Distinct())
        {
            Add(home, Condition(person, home, ++n, icd, name, from.AddDays(facts.Next(0, 60)), "active", suspected: false, withOnset: n != 2 || !intensive));
        }

        Add(home, Condition(person, home, ++n, "J20.9", "急性気管支炎", from.AddDays(facts.Next(60, 300)), "resolved", suspected: false, withOnset: true));
        if (intensive || facts.Next(3) == 0)
        {
            Add(home, Condition(person, home, ++n, "I20.9", "狭心症", Today.AddDays(-facts.Next(20, 200)), "active", suspected: true, withOnset: true));
        }

        // アレルギー・薬剤禁忌: the heavy patient and about a third of the others.
        if (intensive || facts.Next(3) == 0)
        {
            Add(home, Allergy(person, home, 1, "medication", "ペニシリン系抗生物質", "蕁麻疹", high: true, from.AddDays(-facts.Next(100, 2000))));
        }

        if (intensive || facts.Next(4) == 0)
        {
            Add(home, Allergy(person, home, 2, "food", facts.Next(2) == 0 ? "卵" : "そば", "口唇腫脹", high: false, from.AddDays(-facts.Next(100, 2000))));
        }

        if (intensive)
        {
            // Only text: many hospitals write a contrast-agent allergy as free text.
            Add(home, Allergy(person, home, 3, "medication", null, "嘔気", high: false, from.AddDays(facts.Next(0, 300)), text: "ヨード造影剤"));
        }

        // 感染症: HBs抗原 and HCV抗体 once, before the first operation-like examination.
        var screening = visits.Count > 0 ? visits[0] : (home, from);
        Add(screening.Item1, Infection(person, screening.Item1, "hbs", "5F016141002305111", "HBs抗原", "陰性", screening.Item2));
        Add(screening.Item1, Infection(person, screening.Item1, "hcv", "5F360149002305111", "HCV抗体", "陰性", screening.Item2));

        // Vital signs: at every visit, the heavy patient's at every tenth (so its record stays of the measured size).
        var step = intensive ? 10 : 1;
        var weight = 50 + facts.Next(0, 30) + (person.Male ? 10 : 0);
        var height = person.Male ? 160 + facts.Next(0, 20) : 148 + facts.Next(0, 16);
        for (var i = 0; i < visits.Count; i += step)
        {
            var (facility, at) = visits[i];
            var reference = PatientRef(person, facility);
            var ids = $"{person.Key}-vs{i.ToString("00000", CultureInfo.InvariantCulture)}";
            var systolic = 118 + facts.Next(0, 40);
            Add(facility, BloodPressure(ids + "-bp", reference, at, systolic, systolic - 40 - facts.Next(0, 15)));
            Add(facility, Vital(ids + "-bt", reference, at, "8310-5", "体温", Math.Round(36.0m + (decimal)facts.NextDouble() * 1.2m, 1), "Cel", "℃"));
            Add(facility, Vital(ids + "-hr", reference, at, "8867-4", "脈拍", 60 + facts.Next(0, 35), "/min", "/min"));
            Add(facility, Vital(ids + "-spo2", reference, at, "59408-5", "SpO2", 94 + facts.Next(0, 6), "%", "%"));
            Add(facility, Vital(ids + "-bw", reference, at, "29463-7", "体重", Math.Round(weight + (decimal)(facts.NextDouble() * 3 - 1.5), 1), "kg", "kg"));
            if (i == 0)
            {
                Add(facility, Vital(ids + "-bh", reference, at, "8302-2", "身長", height, "cm", "cm"));
            }
        }

        if (visits.Count > 0)
        {
            lastVisits[person.Key] = visits[^1].At;
        }
    }

    private static Condition Condition(Person person, DemoFacility facility, int n, string icd, string name, DateTimeOffset onset, string status, bool suspected, bool withOnset)
    {
        var condition = new Condition
        {
            Id = $"{person.Key}-dx{n}-{facility.Code[^3..]}",
            Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Condition_eCS"] },
            ClinicalStatus = new CodeableConcept(ConditionClinical, status),
            VerificationStatus = new CodeableConcept(ConditionVerification, suspected ? "provisional" : "confirmed"),
            Category = [new CodeableConcept(FhirSystems.ConditionCategory, "problem-list-item", "Problem List Item")],
            Code = new CodeableConcept(Icd10, icd, name, name),
            Subject = new ResourceReference(PatientRef(person, facility)),
            RecordedDate = Stamp(onset.AddDays(withOnset ? 0 : 400)),
        };
        if (withOnset)
        {
            condition.Onset = new FhirDateTime(onset.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (status == "resolved")
        {
            condition.Abatement = new FhirDateTime(onset.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return condition;
    }

    private static AllergyIntolerance Allergy(
        Person person, DemoFacility facility, int n, string category, string? substance, string reaction, bool high, DateTimeOffset recorded, string? text = null) => new()
        {
            Id = $"{person.Key}-alg{n}-{facility.Code[^3..]}",
            Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_AllergyIntolerance_eCS"] },
            ClinicalStatus = new CodeableConcept(AllergyClinical, "active"),
            Category = [category == "medication" ? AllergyIntolerance.AllergyIntoleranceCategory.Medication : AllergyIntolerance.AllergyIntoleranceCategory.Food],
            Criticality = high ? AllergyIntolerance.AllergyIntoleranceCriticality.High : AllergyIntolerance.AllergyIntoleranceCriticality.Low,
            // A substance named by the hospital's own code, or written only as text.
            Code = substance is null ? new CodeableConcept { Text = text } : new CodeableConcept("urn:miokarte:demo-allergen", "A" + n.ToString(CultureInfo.InvariantCulture), substance, substance),
            Patient = new ResourceReference(PatientRef(person, facility)),
            RecordedDate = Stamp(recorded),
            Reaction = [new AllergyIntolerance.ReactionComponent { Manifestation = [new CodeableConcept { Text = reaction }] }],
        };

    private static Observation Infection(Person person, DemoFacility facility, string key, string jlac10, string name, string result, DateTimeOffset at) => new()
    {
        Id = $"{person.Key}-inf-{key}-{facility.Code[^3..]}",
        Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Observation_LabResult_eCS"] },
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept(FhirSystems.ObservationCategory, "laboratory", "Laboratory", "検体検査")],
        Code = new CodeableConcept { Coding = [new Coding(InfectionLabo, jlac10, name), new Coding(FhirSystems.Jlac10, jlac10, name)], Text = name },
        Subject = new ResourceReference(PatientRef(person, facility)),
        Effective = new FhirDateTime(Stamp(at)),
        Value = new CodeableConcept { Text = result },
    };

    private static Observation Vital(string id, string patientRef, DateTimeOffset at, string loinc, string name, decimal value, string ucum, string unit) => new()
    {
        Id = id,
        Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_VitalSigns"] },
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept(FhirSystems.ObservationCategory, "vital-signs", "Vital Signs")],
        Code = new CodeableConcept(FhirSystems.Loinc, loinc, name, name),
        Subject = new ResourceReference(patientRef),
        Effective = new FhirDateTime(Stamp(at)),
        Value = new Quantity { Value = value, Unit = unit, System = FhirSystems.Ucum, Code = ucum },
    };

    private static Observation BloodPressure(string id, string patientRef, DateTimeOffset at, int systolic, int diastolic)
    {
        var bp = Vital(id, patientRef, at, "85354-9", "血圧", 0, "mm[Hg]", "mmHg");
        bp.Value = null;
        bp.Component =
        [
            new Observation.ComponentComponent { Code = new CodeableConcept(FhirSystems.Loinc, "8480-6", "収縮期血圧"), Value = new Quantity { Value = systolic, Unit = "mmHg", System = FhirSystems.Ucum, Code = "mm[Hg]" } },
            new Observation.ComponentComponent { Code = new CodeableConcept(FhirSystems.Loinc, "8462-4", "拡張期血圧"), Value = new Quantity { Value = diastolic, Unit = "mmHg", System = FhirSystems.Ucum, Code = "mm[Hg]" } },
        ];
        return bp;
    }
}
