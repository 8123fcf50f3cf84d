using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.SqlServer.Migrations
{
    /// <summary>
    /// FacilityUsersPatientLinksAccessLog added 利用権 (<c>Rights</c>) with an empty default, which is
    /// no value of the enum: on a database that had users before it, a facility's 管理責任者 would have
    /// lost 施設の管理 and every member the clinical pages, and reading such a row fails. The rights
    /// each role had before rights existed are given to exactly those rows (never to a row whose
    /// rights an administrator has set, even to none).
    /// </summary>
    public partial class BackfillUserRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);
            migrationBuilder.Sql("""
                UPDATE AspNetUsers SET Rights = 'ViewClinicalData, RegisterPatientLinks, ManageUsers'
                WHERE Rights = '' AND FacilityId IS NOT NULL AND Id IN (
                    SELECT ur.UserId FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.Name = 'FacilityAdministrator');
                """);
            migrationBuilder.Sql("""
                UPDATE AspNetUsers SET Rights = 'ViewClinicalData, RegisterPatientLinks'
                WHERE Rights = '' AND FacilityId IS NOT NULL;
                """);
            // Council staff and system administrators have no facility and no 利用権.
            migrationBuilder.Sql("UPDATE AspNetUsers SET Rights = 'None' WHERE Rights = '';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the rights given are the ones the roles had.
        }
    }
}
