using System.Text.Json;

using BenchmarkDotNet.Attributes;

using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

using MioKarte.Core.Gateway;
using MioKarte.Core.Records;
using MioKarte.DataCenter.Demo;

namespace MioKarte.Benchmarks;

/// <summary>
/// Building the 一連の表 for the demo's heavy patient (ten years at three hospitals, ≥ 20,000 lab
/// results): the index over the mapped records, the default table, ten years by month, and the
/// cumulative lab table of everything. The gateway fetch itself is measured elsewhere.
/// </summary>
[MemoryDiagnoser]
public class RecordTableBenchmarks
{
    private GatewayResult<FacilityPatientRecord> result = null!;
    private PatientRecordIndex index = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = new DemoDataGenerator(patientCount: 0, includeHeavyPatient: true).Generate();
        var options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
        var records = new List<FacilityPatientRecord>();
        foreach (var (facility, bundle) in data.Bundles)
        {
            using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(bundle, options));
            var into = new RecordAccumulator(facility.Code);
            FhirRecordMapper.MapBundle(document.RootElement, into);
            records.Add(new FacilityPatientRecord(facility.Code, facility.Name, into.ToRecord()));
        }

        result = new GatewayResult<FacilityPatientRecord>(records, [], []);
        index = PatientRecordIndex.Build(result, (_, _) => Guid.Empty);
        Console.WriteLine($"// heavy patient: {index.Items.Count:N0} items, {index.Items.Count(i => i.Category == RecordCategory.LabResult):N0} lab results");
    }

    [Benchmark(Description = "Index the mapped records (ids, studies, reports)")]
    public int BuildIndex() => PatientRecordIndex.Build(result, (_, _) => Guid.Empty).Items.Count;

    [Benchmark(Baseline = true, Description = "Table: latest 3 months by week (default)")]
    public int DefaultTable() =>
        RecordTableBuilder.Build(index.Items, TableQuery.Default(new DateOnly(2026, 10, 31)), new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)).Rows.Count;

    [Benchmark(Description = "Table: ten years by month")]
    public int TenYearsByMonth() =>
        RecordTableBuilder.Build(index.Items, new TableQuery(TableZoom.Month, new DateOnly(2016, 11, 1), new DateOnly(2026, 10, 31), [], []), null).Rows.Count;

    [Benchmark(Description = "Cumulative lab table of every result")]
    public int CumulativeAll() => LabCumulative.Build(index.Items.Where(i => i.Category == RecordCategory.LabResult)).Days.Count;
}
