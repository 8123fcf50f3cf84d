using MioKarte.Core.Patients;

namespace MioKarte.UnitTests.Patients;

public class ConsentScanTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, ConsentScanFormat.Pdf)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, ConsentScanFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, ConsentScanFormat.Png)]
    public void Pdf_jpeg_and_png_are_recognised_by_their_first_bytes(byte[] content, string expected)
    {
        Assert.Equal(expected, ConsentScanFormat.Detect(content));
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]                  // a Windows executable (MZ)
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 })]                  // ELF
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E })]      // <html>
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 })]                  // a zip (docx)
    [InlineData(new byte[] { 0x25, 0x50, 0x44 })]                        // a truncated PDF header
    [InlineData(new byte[0])]
    public void Anything_else_is_not_a_consent_scan(byte[] content)
    {
        Assert.Null(ConsentScanFormat.Detect(content));
    }

    [Fact]
    public async Task A_stored_scan_is_found_by_its_stored_name_and_no_other_path()
    {
        var folder = Directory.CreateTempSubdirectory("miokarte-scan-").FullName;
        try
        {
            var store = new ConsentScanStore(folder);
            var facility = Guid.NewGuid();

            var name = await store.SaveAsync(facility, [0x25, 0x50, 0x44, 0x46, 0x2D], ConsentScanFormat.Pdf);

            Assert.StartsWith(facility.ToString("N") + "/", name, StringComparison.Ordinal);
            Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
            Assert.NotNull(store.Find(name));
            Assert.Null(store.Find("../../etc/passwd"));
            Assert.Null(store.Find(facility.ToString("N") + "/../x.pdf"));
            Assert.Null(store.Find(name.Replace(".pdf", ".html", StringComparison.Ordinal)));
            store.Delete(name);
            Assert.Null(store.Find(name));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Consent_validity_is_off_by_default_and_counts_from_the_japan_day_of_consent()
    {
        Assert.Null(new PatientOptions().ConsentValidUntilUtc(new DateOnly(2026, 11, 20)));

        var options = new PatientOptions { ConsentValidity = TimeSpan.FromDays(365) };

        Assert.Equal(new DateTime(2027, 11, 19, 15, 0, 0, DateTimeKind.Utc), options.ConsentValidUntilUtc(new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public void A_link_whose_consent_lapsed_or_was_withdrawn_is_inactive()
    {
        var now = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        var patient = FacilityPatient.Register(Guid.NewGuid(), "A1", "山田　太郎", "ヤマダ　タロウ", Core.Common.Sex.Male, new DateOnly(1948, 5, 3), "u", now);
        var lapsing = PatientLink.Create(patient, Guid.NewGuid(), "123", new DateOnly(2026, 11, 20), "x", now.AddDays(1), "u", now);
        var withdrawn = PatientLink.Create(patient, Guid.NewGuid(), "456", new DateOnly(2026, 11, 20), "x", null, "u", now);

        Assert.True(lapsing.IsActiveAt(now));
        Assert.False(lapsing.IsActiveAt(now.AddDays(1)));
        Assert.True(withdrawn.IsActiveAt(now));

        Assert.True(withdrawn.Withdraw("u", "申し出", now.AddHours(1)));

        Assert.False(withdrawn.IsActiveAt(now.AddHours(1)));
        Assert.False(withdrawn.Withdraw("u", "二度目", now.AddHours(2)));
        Assert.Equal("申し出", withdrawn.WithdrawalReason);
    }

    [Theory]
    [InlineData("00:30:00", false)]
    [InlineData("1.00:00:00", true)]
    [InlineData("8.00:00:00", false)]
    public void The_emergency_duration_stays_between_an_hour_and_a_week(string duration, bool valid)
    {
        var options = new PatientOptions { EmergencyAccessDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(valid, !options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Any());
    }
}
