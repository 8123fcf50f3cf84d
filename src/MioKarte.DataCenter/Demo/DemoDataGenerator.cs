using System.Globalization;
using System.Text;

using Hl7.Fhir.Model;

using MioKarte.Core.Gateway;
using MioKarte.DataCenter.Fhir;

#pragma warning disable CA5394 // Deliberate: demo data must be reproducible from a fixed seed; nothing here is secret.

namespace MioKarte.DataCenter.Demo;

/// <summary>A fictional disclosing hospital of the demo network.</summary>
public sealed record DemoFacility(string Code, string Name)
{
    public DisclosingFacilityOptions ToOptions() => new() { Code = Code, Name = Name };
}

public static class DemoFacilities
{
    /// <summary>
    /// Three fictional hospitals (13 = Tokyo, 1 = 医科 tables); names and codes are invented, but each code
    /// ends in its valid 検証番号 (check digit), so the council can add the hospital through 情報開示施設の追加.
    /// </summary>
    public static readonly IReadOnlyList<DemoFacility> All =
    [
        new("1311234569", "八王子みなみ総合病院"),
        new("1312345679", "多摩川記念病院"),
        new("1313456780", "浅川医療センター"),
    ];
}

/// <summary>
/// What the generator produced: one collection Bundle per facility, and each demo person's
/// registrations as the portal links them (person key → facility and local patient number).
/// </summary>
public sealed record DemoDataSet(
    IReadOnlyList<(DemoFacility Facility, Bundle Bundle)> Bundles,
    IReadOnlyDictionary<string, IReadOnlyList<LinkedFacilityPatient>> Registrations)
{
    public int Count<T>() where T : Resource => Bundles.Sum(b => b.Bundle.Entry.Count(e => e.Resource is T));

    public int Count<T>(Func<T, bool> predicate) where T : Resource =>
        Bundles.Sum(b => b.Bundle.Entry.Select(e => e.Resource).OfType<T>().Count(predicate));

    /// <summary>How many demo persons besides the heavy patient the portal's demo clinic links.</summary>
    public const int OthersLinkedAtDemoClinic = 4;

    /// <summary>The demo viewing clinic's 保険医療機関番号 (V00001 in the portal's demo): the actor of the demo Consents.</summary>
    public const string DemoClinicInstitutionCode = "1310000029";

    /// <summary>
    /// The persons the portal's demo clinic links (V00001, <c>DemoPatientLinks</c>): the heavy patient,
    /// then <see cref="OthersLinkedAtDemoClinic"/> more, those at the most hospitals first, by person key.
    /// Here so that the README's list of demo patients is checked against the same choice.
    /// </summary>
    public IReadOnlyList<string> PersonsLinkedAtDemoClinic() =>
        [.. Registrations
            .OrderByDescending(r => r.Key == DemoDataGenerator.HeavyPatientKey)
            .ThenByDescending(r => r.Value.Count)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Take(OthersLinkedAtDemoClinic + 1)
            .Select(r => r.Key)];
}

/// <summary>
/// Generates the demo network's data from a fixed seed: about 30 patients with Japanese names, one
/// to ten years of prescriptions, injections, lab orders and results (JLAC10), imaging with
/// lazily-rendered JPEGs, radiology reports and referral letters, plus one heavy patient
/// (ten years, ≥ 20,000 lab results, ≥ 2,000 medication orders, ≥ 300 images) at all three hospitals.
/// </summary>
public sealed partial class DemoDataGenerator
{
    public const int DefaultSeed = 20121013;
    public const string HeavyPatientKey = "heavy";

    /// <summary>The demo's "today": fixed, so the same seed always gives the same data.</summary>
    public static readonly DateTimeOffset Today = new(2026, 10, 31, 0, 0, 0, FhirDates.JapanOffset);

    private static readonly (string Kanji, string Kana)[] Surnames =
    [
        ("山田", "ヤマダ"), ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
        ("渡辺", "ワタナベ"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山本", "ヤマモト"),
        ("松本", "マツモト"), ("井上", "イノウエ"), ("木村", "キムラ"), ("清水", "シミズ"), ("森", "モリ"), ("池田", "イケダ"),
    ];

    private static readonly (string Kanji, string Kana)[] MaleNames =
    [
        ("太郎", "タロウ"), ("一郎", "イチロウ"), ("健一", "ケンイチ"), ("誠", "マコト"), ("浩", "ヒロシ"), ("翔太", "ショウタ"), ("大輔", "ダイスケ"), ("茂", "シゲル"),
    ];

    private static readonly (string Kanji, string Kana)[] FemaleNames =
    [
        ("花子", "ハナコ"), ("恵子", "ケイコ"), ("裕子", "ユウコ"), ("美咲", "ミサキ"), ("陽子", "ヨウコ"), ("幸子", "サチコ"), ("由美", "ユミ"), ("和子", "カズコ"),
    ];

    /// <summary>Lab items: JLAC10 code, name, UCUM code, unit as printed, reference range, typical value and spread, decimals.</summary>
    private static readonly LabItem[] LabItems =
    [
        new("3B035000002327201", "AST", "U/L", "U/L", 13, 30, 24, 6, 0),
        new("3B045000002327201", "ALT", "U/L", "U/L", 10, 42, 26, 9, 0),
        new("3B090000002327201", "γ-GTP", "U/L", "U/L", 13, 64, 40, 15, 0),
        new("3C015000002327101", "Cr", "mg/dL", "mg/dL", 0.65m, 1.07m, 0.9m, 0.08m, 2),
        new("8A065000002391901", "eGFR", "mL/min/{1.73_m2}", "mL/min/1.73m2", 60, 200, 72, 5, 1),
        new("3D046000001906202", "HbA1c", "%", "%", 4.9m, 6.0m, 6.4m, 0.4m, 1),
        new("3D010000001926101", "Glu", "mg/dL", "mg/dL", 73, 109, 125, 20, 0),
        new("2A010000001930101", "WBC", "10*3/uL", "10^3/μL", 3.3m, 8.6m, 6.2m, 1.3m, 1),
        new("2A030000001930101", "Hb", "g/dL", "g/dL", 13.7m, 16.8m, 13.5m, 0.9m, 1),
        new("2A050000001930101", "PLT", "10*4/uL", "10^4/μL", 15.8m, 34.8m, 23, 4, 1),
        new("5C070000002306001", "CRP", "mg/dL", "mg/dL", 0, 0.14m, 0.12m, 0.15m, 2),
        new("3H010000002326101", "Na", "mmol/L", "mmol/L", 138, 145, 140, 2, 0),
        new("3H015000002326101", "K", "mmol/L", "mmol/L", 3.6m, 4.8m, 4.3m, 0.35m, 1),
        new("3B015000002327101", "ALB", "g/dL", "g/dL", 4.1m, 5.1m, 4.0m, 0.3m, 1),
        new("3C025000002327101", "BUN", "mg/dL", "mg/dL", 8, 20, 17, 4, 0),
        new("3F077000002327101", "LDL-C", "mg/dL", "mg/dL", 65, 139, 128, 22, 0),
    ];

    private static readonly Drug[] OralDrugs =
    [
        new("610463147", "アムロジピン錠5mg", 1, "錠", "1日1回朝食後", 1, "内服"),
        new("620008823", "メトホルミン塩酸塩錠250mg", 2, "錠", "1日2回朝夕食後", 2, "内服"),
        new("622177401", "ロスバスタチン錠2.5mg", 1, "錠", "1日1回夕食後", 1, "内服"),
        new("610453085", "ランソプラゾールOD錠15mg", 1, "錠", "1日1回朝食後", 1, "内服"),
        new("620098801", "ロキソプロフェンNa錠60mg", 3, "錠", "1日3回毎食後", 3, "内服"),
        new("620004374", "酸化マグネシウム錠330mg", 3, "錠", "1日3回毎食後", 3, "内服"),
        new("622224301", "シタグリプチン錠50mg", 1, "錠", "1日1回朝食後", 1, "内服"),
        new("620009198", "ゾルピデム酒石酸塩錠5mg", 1, "錠", "1日1回就寝前", 1, "内服"),
        new("663310015", "ヘパリン類似物質油性クリーム0.3%", 25, "g", "1日2回患部に塗布", 2, "外用"),
        new("662640410", "ロキソプロフェンNaテープ100mg", 14, "枚", "1日1回患部に貼付", 1, "外用"),
    ];

    private static readonly Drug[] InjectionDrugs =
    [
        new("640407093", "生理食塩液 100mL + セフトリアキソンNa静注用1g", 1, "瓶", "点滴静注 1日1回", 1, "注射"),
        new("640462002", "ソリタ-T3号輸液 500mL", 1, "袋", "点滴静注 1日2回", 2, "注射"),
        new("640406017", "インスリン アスパルト注 4単位", 4, "単位", "皮下注 1日3回毎食直前", 3, "注射"),
        new("620007401", "メコバラミン注射液500μg", 1, "管", "静注 週1回", 1, "注射"),
    ];

    private static readonly Imaging[] ImagingKinds =
    [
        new("xray", "CR", "胸部X線 正面", "36643-5", "肺野に明らかな浸潤影を認めない。心胸郭比 52%。肋骨横隔膜角は鋭。", "明らかな異常所見なし。"),
        new("xray", "CR", "胸部X線 正面・側面", "36643-5", "右下肺野に淡いすりガラス影を認める。心拡大は軽度。", "右下葉の軽度炎症性変化を疑う。経過観察を推奨。"),
        new("ct", "CT", "腹部単純CT", "30621-7", "肝に低吸収域を認めない。両腎の大きさは正常範囲、右腎に5mm大の嚢胞。", "右腎嚢胞。その他、特記すべき所見なし。"),
        new("mri", "MR", "頭部MRI", "24590-2", "両側大脳白質に小さな T2 高信号域が散在。急性期梗塞を示唆する拡散制限なし。", "慢性虚血性変化。急性期病変なし。"),
        new("us", "US", "腹部超音波", "24558-9", "肝は軽度高輝度で脂肪肝の所見。胆嚢に結石を認めない。", "軽度脂肪肝。"),
    ];

    private readonly Random random;
    private readonly bool includeHeavyPatient;
    private readonly int patientCount;
    private readonly Dictionary<string, List<Bundle.EntryComponent>> entries = DemoFacilities.All.ToDictionary(f => f.Code, _ => new List<Bundle.EntryComponent>());

    public DemoDataGenerator(int seed = DefaultSeed, int patientCount = 29, bool includeHeavyPatient = true)
    {
        random = new Random(seed);
        this.patientCount = patientCount;
        this.includeHeavyPatient = includeHeavyPatient;
    }

    /// <summary>The full demo network (about 30 patients including the heavy one).</summary>
    public static DemoDataSet Full() => new DemoDataGenerator().Generate();

    public DemoDataSet Generate()
    {
        for (var i = 1; i <= patientCount; i++)
        {
            var key = "p" + i.ToString("000", CultureInfo.InvariantCulture);
            var male = random.Next(2) == 0;
            var person = NewPerson(key, male, birthYear: random.Next(1935, 2001));
            var home = DemoFacilities.All[random.Next(DemoFacilities.All.Count)];
            var years = random.Next(1, 11);
            var facilities = random.Next(4) == 0 ? DemoFacilities.All.ToArray() : [home];
            GenerateHistory(person, facilities, Today.AddYears(-years), meanDaysBetweenVisits: random.Next(30, 90), labItems: 10, intensive: false);
        }

        if (includeHeavyPatient)
        {
            var heavy = NewPerson(HeavyPatientKey, male: true, birthYear: 1948, fixedName: (("山田", "ヤマダ"), ("太郎", "タロウ")));
            GenerateHistory(heavy, DemoFacilities.All.ToArray(), Today.AddYears(-10), meanDaysBetweenVisits: 2.2, labItems: LabItems.Length, intensive: true);
        }

        var bundles = DemoFacilities.All
            .Select(f => (Facility: f, Bundle: new Bundle { Type = Bundle.BundleType.Collection, Entry = entries[f.Code] }))
            .ToList();
        // Read now: loading the Bundles rewrites the Patient ids the person key comes from.
        var registrations = bundles
            .SelectMany(b => b.Bundle.Entry.Select(e => e.Resource).OfType<Patient>()
                .Select(p => (Person: p.Id![..p.Id!.LastIndexOf('-')], Link: new LinkedFacilityPatient(b.Facility.Code, b.Facility.Name, p.Identifier[0].Value!))))
            .GroupBy(r => r.Person)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LinkedFacilityPatient>)g.Select(r => r.Link).DistinctBy(l => l.FacilityCode).ToList());
        var data = new DemoDataSet(bundles, registrations);
        MarkOneDeceased(data);
        return data;
    }

    private sealed record Person(string Key, bool Male, DateTime BirthDate, (string Kanji, string Kana) Family, (string Kanji, string Kana) Given);

    private sealed record LabItem(string Code, string Name, string Ucum, string Unit, decimal Low, decimal High, decimal Typical, decimal Spread, int Decimals);

    private sealed record Drug(string Hot9, string Name, decimal Dose, string Unit, string Usage, int TimesPerDay, string Form);

    private sealed record Imaging(string Kind, string Modality, string Name, string Loinc, string Findings, string Diagnosis);

    private Person NewPerson(string key, bool male, int birthYear, ((string, string) Family, (string, string) Given)? fixedName = null)
    {
        var family = fixedName?.Family ?? Surnames[random.Next(Surnames.Length)];
        var given = fixedName?.Given ?? (male ? MaleNames : FemaleNames)[random.Next(male ? MaleNames.Length : FemaleNames.Length)];
        var birth = new DateTime(birthYear, random.Next(1, 13), random.Next(1, 29), 0, 0, 0, DateTimeKind.Unspecified);
        return new Person(key, male, birth, family, given);
    }

    private void GenerateHistory(Person person, DemoFacility[] facilities, DateTimeOffset from, double meanDaysBetweenVisits, int labItems, bool intensive)
    {
        foreach (var facility in facilities)
        {
            Add(facility, PatientResource(person, facility));
        }

        var levels = LabItems.Select(i => (double)i.Typical).ToArray();
        var regimen = OralDrugs.OrderBy(_ => random.Next()).Take(intensive ? 5 : random.Next(1, 4)).ToArray();
        var visit = 0;
        var visits = new List<(DemoFacility Facility, DateTimeOffset At)>();
        var totalDays = (Today - from).TotalDays;
        for (var day = random.NextDouble() * meanDaysBetweenVisits; day < totalDays; day += meanDaysBetweenVisits * (0.5 + random.NextDouble()))
        {
            visit++;
            // The heavy patient lives at the first hospital and is seen now and then at the other two,
            // so one Patient id holds 20,000+ results (the index is measured on it).
            var facility = intensive
                ? facilities[visit % 20 == 0 ? 1 : visit % 20 == 10 ? 2 : 0]
                : facilities[visit % facilities.Length];
            var at = from.AddDays(Math.Floor(day)).AddHours(9 + random.Next(0, 8)).AddMinutes(random.Next(0, 60));
            var progress = day / totalDays;
            var patientRef = PatientRef(person, facility);
            var ids = $"{person.Key}-v{visit.ToString("00000", CultureInfo.InvariantCulture)}";
            visits.Add((facility, at));

            LabPanel(facility, person, patientRef, ids, at, levels, labItems, intensive ? progress : 0);
            foreach (var drug in regimen.Take(intensive ? 1 + (random.NextDouble() < 0.55 ? 1 : 0) : regimen.Length))
            {
                Add(facility, Prescription(facility, patientRef, $"{ids}-rx{Array.IndexOf(OralDrugs, drug)}", at, drug, intensive));
            }

            if (random.NextDouble() < (intensive ? 0.15 : 0.05))
            {
                var drug = InjectionDrugs[random.Next(InjectionDrugs.Length)];
                Add(facility, Prescription(facility, patientRef, $"{ids}-inj", at, drug, intensive));
            }

            if (visit % (intensive ? 10 : 4) == (intensive ? 5 : 0))
            {
                ImagingStudyWithReport(facility, person, patientRef, ids, at, intensive ? 2 + random.Next(3) : 1 + random.Next(2));
            }
        }

        // A referral letter from the first hospital to the next (or to a clinic).
        var letterFacility = facilities[0];
        ReferralLetter(letterFacility, person, PatientRef(person, letterFacility), Today.AddDays(-random.Next(10, 200)), regimen);
        ClinicalFacts(person, facilities, from, visits, regimen, intensive);
    }

    private void Add(DemoFacility facility, Resource resource) =>
        entries[facility.Code].Add(new Bundle.EntryComponent { FullUrl = $"urn:miokarte:{resource.TypeName}/{resource.Id}", Resource = resource });

    private static string PatientRef(Person person, DemoFacility facility) => "Patient/" + person.Key + "-" + facility.Code[^3..];

    private string LocalPatientNumber(Person person, DemoFacility facility) =>
        (Math.Abs(StableHash(person.Key + facility.Code)) % 90000000 + 10000000).ToString(CultureInfo.InvariantCulture);

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash == int.MinValue ? 0 : hash;
    }

    private Patient PatientResource(Person person, DemoFacility facility) => new()
    {
        Id = PatientRef(person, facility)["Patient/".Length..],
        Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient"] },
        Identifier = [new Identifier(JpCore.PatientIdSystem(facility.Code), LocalPatientNumber(person, facility))],
        Name =
        [
            Name(person.Family.Kanji, person.Given.Kanji, "IDE"),
            Name(person.Family.Kana, person.Given.Kana, "SYL"),
        ],
        Gender = person.Male ? AdministrativeGender.Male : AdministrativeGender.Female,
        BirthDate = person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Address = [new Address { Text = "東京都八王子市", PostalCode = "193-0832", Country = "JP" }],
    };

    private static HumanName Name(string family, string given, string representation)
    {
        var name = new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = [given], Text = family + " " + given };
        name.AddExtension("http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation", new Code(representation));
        return name;
    }

    private void LabPanel(DemoFacility facility, Person person, string patientRef, string ids, DateTimeOffset at, double[] levels, int itemCount, double progress)
    {
        var order = new ServiceRequest
        {
            Id = ids + "-lab",
            Identifier = [new Identifier("urn:miokarte:order-no:" + facility.Code, ids + "-L")],
            Status = RequestStatus.Completed,
            Intent = RequestIntent.Order,
            Category = [new CodeableConcept(FhirSystems.Snomed, "108252007", "Laboratory procedure", "検体検査")],
            Code = new CodeableConcept { Text = "検体検査（生化学・血算）" },
            Subject = new ResourceReference(patientRef),
            AuthoredOn = Stamp(at.AddMinutes(-30)),
        };
        Add(facility, order);
        var report = new DiagnosticReport
        {
            Id = ids + "-labrep",
            Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_DiagnosticReport_LabResult"] },
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept(FhirSystems.DiagnosticServiceSection, "LAB", "Laboratory", "検体検査")],
            Code = new CodeableConcept(FhirSystems.Loinc, "11502-2", "Laboratory report", "検体検査結果"),
            Subject = new ResourceReference(patientRef),
            Effective = new FhirDateTime(Stamp(at)),
            Issued = at.AddHours(2),
            BasedOn = [new ResourceReference("ServiceRequest/" + order.Id)],
        };
        for (var i = 0; i < itemCount; i++)
        {
            var item = LabItems[i];
            // Mean-reverting random walk; the heavy patient's kidney function and sugar drift over ten years.
            var target = (double)item.Typical + item.Name switch
            {
                "Cr" => 0.7 * progress,
                "eGFR" => -32 * progress,
                "HbA1c" => 1.2 * progress + 0.4 * Math.Sin(progress * 40),
                "Glu" => 35 * progress,
                "BUN" => 12 * progress,
                "Hb" => -1.5 * progress,
                _ => 0,
            };
            levels[i] += 0.3 * (target - levels[i]) + (double)item.Spread * 0.6 * Gaussian();
            var value = Math.Round((decimal)Math.Max(item.Name == "CRP" ? 0.01 : (double)item.Low * 0.3, levels[i]), item.Decimals);
            if (item.Name == "CRP" && random.NextDouble() < 0.05)
            {
                value = Math.Round((decimal)(1 + random.NextDouble() * 8), 2);
            }

            var flag = value > item.High ? "H" : value < item.Low ? "L" : "N";
            var observation = new Observation
            {
                Id = $"{ids}-{item.Name.Replace("γ-", "g", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()}",
                Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_LabResult"] },
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept(FhirSystems.ObservationCategory, "laboratory", "Laboratory", "検体検査")],
                Code = new CodeableConcept(FhirSystems.Jlac10, item.Code, item.Name, item.Name),
                Subject = new ResourceReference(patientRef),
                Effective = new FhirDateTime(Stamp(at)),
                Issued = at.AddHours(2),
                Value = new Quantity { Value = value, Unit = item.Unit, System = FhirSystems.Ucum, Code = item.Ucum },
                Interpretation = [new CodeableConcept(FhirSystems.Interpretation, flag, flag switch { "H" => "High", "L" => "Low", _ => "Normal" })],
                ReferenceRange =
                [
                    new Observation.ReferenceRangeComponent
                    {
                        Low = new Quantity { Value = item.Low, Unit = item.Unit, System = FhirSystems.Ucum, Code = item.Ucum },
                        High = new Quantity { Value = item.High, Unit = item.Unit, System = FhirSystems.Ucum, Code = item.Ucum },
                    },
                ],
            };
            Add(facility, observation);
            report.Result.Add(new ResourceReference("Observation/" + observation.Id));
        }

        Add(facility, report);
    }

    private MedicationRequest Prescription(DemoFacility facility, string patientRef, string id, DateTimeOffset at, Drug drug, bool intensive)
    {
        var injection = drug.Form == "注射";
        var days = injection ? 1 : (intensive ? 3 : 28) * (1 + random.Next(2));
        var request = new MedicationRequest
        {
            Id = id,
            Meta = new Meta { Profile = [injection ? "http://jpfhir.jp/fhir/core/StructureDefinition/JP_MedicationRequest_Injection" : "http://jpfhir.jp/fhir/core/StructureDefinition/JP_MedicationRequest"] },
            Identifier = [new Identifier("urn:miokarte:order-no:" + facility.Code, id)],
            Status = MedicationRequest.MedicationrequestStatus.Completed,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Category =
            [
                injection
                    ? new CodeableConcept(FhirSystems.InjectionCategoryJhsi0001, "FTP", "定時処方", "注射")
                    : new CodeableConcept(FhirSystems.MedicationCategoryMerit9, "OHO", "院外処方", drug.Form),
            ],
            Medication = new CodeableConcept(FhirSystems.Hot9, drug.Hot9, drug.Name, drug.Name),
            Subject = new ResourceReference(patientRef),
            AuthoredOn = Stamp(at),
            DosageInstruction =
            [
                new Dosage
                {
                    Text = $"{drug.Name} {drug.Dose.ToString(CultureInfo.InvariantCulture)}{drug.Unit} {drug.Usage}",
                    Timing = new Timing
                    {
                        Code = new CodeableConcept { Text = drug.Usage },
                        Repeat = new Timing.RepeatComponent { Frequency = drug.TimesPerDay, Period = 1, PeriodUnit = Timing.UnitsOfTime.D, Duration = days, DurationUnit = Timing.UnitsOfTime.D },
                    },
                    Route = injection ? new CodeableConcept { Text = drug.Usage.Split(' ')[0] } : new CodeableConcept { Text = drug.Form == "外用" ? "外用" : "経口" },
                    DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity { Value = drug.Dose, Unit = drug.Unit } }],
                },
            ],
            DispenseRequest = new MedicationRequest.DispenseRequestComponent
            {
                ExpectedSupplyDuration = new Duration { Value = days, Unit = "日", System = FhirSystems.Ucum, Code = "d" },
                Quantity = new Quantity { Value = drug.Form == "外用" ? drug.Dose : drug.Dose * days, Unit = drug.Unit },
            },
        };
        return request;
    }

    private void ImagingStudyWithReport(DemoFacility facility, Person person, string patientRef, string ids, DateTimeOffset at, int images)
    {
        var kind = ImagingKinds[random.Next(ImagingKinds.Length)];
        var order = new ServiceRequest
        {
            Id = ids + "-img",
            Identifier = [new Identifier("urn:miokarte:order-no:" + facility.Code, ids + "-I")],
            Status = RequestStatus.Completed,
            Intent = RequestIntent.Order,
            Category = [new CodeableConcept(FhirSystems.Snomed, "363679005", "Imaging", "画像検査")],
            Code = new CodeableConcept(FhirSystems.Loinc, kind.Loinc, kind.Name, kind.Name),
            Subject = new ResourceReference(patientRef),
            AuthoredOn = Stamp(at.AddMinutes(-20)),
        };
        Add(facility, order);
        var studyUid = $"1.2.392.200036.9999.{facility.Code}.{StableHash(ids) & 0x7fffffff}";
        var study = new ImagingStudy
        {
            Id = ids + "-study",
            Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_ImagingStudy_Radiology"] },
            Identifier = [new Identifier("urn:dicom:uid", "urn:oid:" + studyUid)],
            Status = ImagingStudy.ImagingStudyStatus.Available,
            Modality = [new Coding("http://dicom.nema.org/resources/ontology/DCM", kind.Modality)],
            Subject = new ResourceReference(patientRef),
            Started = Stamp(at),
            BasedOn = [new ResourceReference("ServiceRequest/" + order.Id)],
            NumberOfSeries = 1,
            NumberOfInstances = images,
            Description = kind.Name,
        };
        var series = new ImagingStudy.SeriesComponent
        {
            Uid = studyUid + ".1",
            Number = 1,
            Modality = new Coding("http://dicom.nema.org/resources/ontology/DCM", kind.Modality),
            Description = kind.Name,
            NumberOfInstances = images,
        };
        study.Series.Add(series);
        Add(facility, study);
        int[] sizes = [512, 1024, 1536, 2048];
        for (var n = 1; n <= images; n++)
        {
            var size = sizes[random.Next(sizes.Length)];
            var (width, height) = kind.Kind == "xray" ? (size, size * 5 / 4 > 2048 ? 2048 : size * 5 / 4) : (size, size);
            series.Instance.Add(new ImagingStudy.InstanceComponent { Uid = $"{studyUid}.1.{n}", Number = n, SopClass = new Coding("urn:ietf:rfc:3986", "urn:oid:1.2.840.10008.5.1.4.1.1.7") });
            var binary = new Binary { Id = $"{ids}-img{n}", ContentType = "image/jpeg", SecurityContext = new ResourceReference(patientRef) };
            binary.Meta = DemoImages.RenderTag($"{kind.Kind}|{width}|{height}|{StableHash(binary.Id) & 0xffff}");
            Add(facility, binary);
            Add(facility, new Media
            {
                Id = $"{ids}-media{n}",
                Status = EventStatus.Completed,
                Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/media-type", "image", "Image"),
                Modality = new CodeableConcept("http://dicom.nema.org/resources/ontology/DCM", kind.Modality),
                Subject = new ResourceReference(patientRef),
                Created = new FhirDateTime(Stamp(at)),
                PartOf = [new ResourceReference("ImagingStudy/" + study.Id)],
                Height = height,
                Width = width,
                Content = new Attachment { ContentType = "image/jpeg", Url = "Binary/" + binary.Id, Title = $"{kind.Name} {n}" },
            });
        }

        Add(facility, new DiagnosticReport
        {
            Id = ids + "-radrep",
            Meta = new Meta { Profile = ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_DiagnosticReport_Radiology"] },
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept(FhirSystems.DiagnosticServiceSection, "RAD", "Radiology", "放射線")],
            Code = new CodeableConcept(FhirSystems.Loinc, "18748-4", "Diagnostic imaging study", "読影レポート"),
            Subject = new ResourceReference(patientRef),
            Effective = new FhirDateTime(Stamp(at)),
            Issued = at.AddDays(1),
            BasedOn = [new ResourceReference("ServiceRequest/" + order.Id)],
            ImagingStudy = [new ResourceReference("ImagingStudy/" + study.Id)],
            Conclusion = $"【検査】{kind.Name}\n【所見】{kind.Findings}\n【診断】{kind.Diagnosis}",
        });
    }

    private void ReferralLetter(DemoFacility facility, Person person, string patientRef, DateTimeOffset at, Drug[] regimen)
    {
        var name = person.Family.Kanji + " " + person.Given.Kanji;
        var medication = string.Join("、", regimen.Select(d => $"{d.Name} {d.Usage}"));
        (string Title, string Code, string Text)[] sections =
        [
            ("紹介目的", "950", "かかりつけ医での継続加療をお願いしたく、ご紹介申し上げます。"),
            ("傷病名・主訴", "340", "2型糖尿病、高血圧症。主訴：口渇、倦怠感。"),
            ("現病歴", "360", "数年前より当院外来で加療中。血糖コントロールは概ね良好だが、腎機能の緩徐な低下を認める。"),
            ("既往歴", "370", "虫垂炎（20歳時、手術）。"),
            ("投薬", "440", medication.Length > 0 ? medication : "なし"),
            ("アレルギー", "510", "薬剤アレルギーなし。"),
            ("検査結果", "610", "直近の HbA1c、Cr、eGFR は当院の検査結果（MIO カルテ）をご参照ください。"),
            ("臨床経過", "620", "外来にて内服調整を行い、状態は安定している。"),
        ];
        var letterId = $"{person.Key}-referral";
        var composition = new Composition
        {
            Id = letterId + "-composition",
            Status = CompositionStatus.Final,
            Type = new CodeableConcept(FhirSystems.Loinc, "57133-1", "Referral note", "診療情報提供書"),
            Subject = new ResourceReference("urn:uuid:" + DeterministicUuid(letterId + "patient")),
            Date = Stamp(at),
            Author = [new ResourceReference("urn:uuid:" + DeterministicUuid(letterId + "practitioner"))],
            Title = "診療情報提供書",
            Custodian = new ResourceReference("urn:uuid:" + DeterministicUuid(letterId + "organization")),
        };
        foreach (var section in sections)
        {
            composition.Section.Add(new Composition.SectionComponent
            {
                Title = section.Title,
                Code = new CodeableConcept("http://jpfhir.jp/fhir/clins/CodeSystem/document-section", section.Code, section.Title),
                Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{System.Net.WebUtility.HtmlEncode(section.Text)}</div>" },
            });
        }

        var documentPatient = PatientResource(person, facility);
        documentPatient.Id = null;
        var document = new Bundle
        {
            Id = letterId + "-document",
            Identifier = new Identifier("urn:miokarte:document-no:" + facility.Code, letterId),
            Type = Bundle.BundleType.Document,
            Timestamp = at,
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = "urn:uuid:" + DeterministicUuid(letterId + "composition"), Resource = composition },
                new Bundle.EntryComponent { FullUrl = composition.Subject.Reference, Resource = documentPatient },
                new Bundle.EntryComponent
                {
                    FullUrl = composition.Author[0].Reference,
                    Resource = new Practitioner { Name = [new HumanName { Family = "医療", Given = ["一郎"], Text = "医療 一郎" }] },
                },
                new Bundle.EntryComponent
                {
                    FullUrl = composition.Custodian.Reference,
                    Resource = new Organization
                    {
                        Name = facility.Name,
                        Identifier = [new Identifier(FhirSystems.MedicalInstitutionNo, facility.Code)],
                    },
                },
            ],
        };
        Add(facility, document);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"紹介元：{facility.Name}　医師 医療 一郎")
            .AppendLine(CultureInfo.InvariantCulture, $"患者氏名：{name}（{person.Family.Kana} {person.Given.Kana}）様")
            .AppendLine(CultureInfo.InvariantCulture, $"生年月日：{person.BirthDate:yyyy年M月d日}　性別：{(person.Male ? "男" : "女")}")
            .AppendLine(CultureInfo.InvariantCulture, $"作成日：{at:yyyy年M月d日}")
            .AppendLine();
        foreach (var section in sections)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"【{section.Title}】").AppendLine(section.Text).AppendLine();
        }

        var pdf = new Binary { Id = letterId + "-pdf", ContentType = "application/pdf", SecurityContext = new ResourceReference(patientRef) };
        pdf.Meta = DemoImages.RenderTag("pdf|" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ToString())));
        Add(facility, pdf);
        Add(facility, new DocumentReference
        {
            Id = letterId,
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept(FhirSystems.Loinc, "57133-1", "Referral note", "診療情報提供書"),
            Category = [new CodeableConcept(FhirSystems.Loinc, "57133-1", "Referral note", "診療情報提供書")],
            Subject = new ResourceReference(patientRef),
            Date = at,
            Description = "診療情報提供書",
            Content =
            [
                new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Url = "Binary/" + pdf.Id, Title = "診療情報提供書（PDF）" } },
                new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/fhir+json", Url = "Bundle/" + document.Id, Title = "診療情報提供書（FHIR 文書）" } },
            ],
        });
    }

    private string DeterministicUuid(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
