using System.Globalization;
using MioKarte.Core.Applications;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>One valid participation application, as the four steps of the form and as an input.</summary>
public static class SampleApplication
{
    /// <summary>Fresh copies of the four steps' fields, so a test may change its own.</summary>
    public static Dictionary<string, string>[] Steps(string facilityName = "南多摩クリニック") =>
    [
        new()
        {
            ["FacilityName"] = facilityName,
            ["FacilityNameKana"] = "ミナミタマクリニック",
            ["FacilityType"] = "Clinic",
            ["InstitutionCode"] = "0110113719",
            ["PostalCode"] = "193-0832",
            ["Address"] = "東京都八王子市散田町3-10-1",
            ["Phone"] = "042-663-0111",
        },
        new()
        {
            ["FounderName"] = "南多摩 一郎",
            ["FounderTitle"] = "院長",
            ["ManagerName"] = "南多摩 一郎",
            ["ManagerTitle"] = "院長",
            ["AdministratorName"] = "南多摩 花子",
            ["AdministratorNameKana"] = "ミナミタマ ハナコ",
            ["AdministratorDepartment"] = "事務",
            ["AdministratorPhone"] = "042-663-0112",
            ["AdministratorEmail"] = "kanri@example.jp",
        },
        new()
        {
            ["UserCount"] = "5",
            ["PcTerminalCount"] = "2",
            ["IpadTerminalCount"] = "1",
            ["Connection"] = "InternetSsl",
            ["DesiredStartDate"] = "2027-01-04",
        },
        new()
        {
            ["AgreesToIdLinkTerms"] = "true",
            ["AgreesToOperatingRules"] = "true",
            ["PrivacyPolicyUpdated"] = "true",
        },
    ];

    /// <summary>The same application as the input a handler takes.</summary>
    public static ApplicationInput Input(string facilityName)
    {
        var input = new ApplicationInput();
        foreach (var (field, value) in Steps(facilityName).SelectMany(step => step))
        {
            var property = typeof(ApplicationInput).GetProperty(field)!;
            property.SetValue(input, property.PropertyType == typeof(bool) ? bool.Parse(value) : value);
        }

        return input;
    }
}
