import assert from "node:assert/strict";
import { appTest, byTestId, click, selectOption, typeInto, waitTexts, waitText } from "../lib/harness.mjs";
import { daysAgo, initOffice, registerCase } from "../lib/office.mjs";

appTest(
  "filters and the text search narrow the list (server-side)",
  async ({ driver }) => {
    const ALL = ["反映工地拖欠工资问题", "反映夜间施工噪音扰民问题", "建议增设学校周边交通设施", "反映楼盘逾期交房问题"];
    const titles = (t) => waitTexts(driver, "row-title", t);
    await click(driver, byTestId("menu-cases"));
    await waitText(driver, byTestId("cases-total"), "4");
    await titles(ALL);

    // Two-character Chinese words are found, and so is a petitioner's name.
    await typeInto(driver, byTestId("filter-text"), "工资");
    await titles(["反映工地拖欠工资问题"]);
    await typeInto(driver, byTestId("filter-text"), "李四");
    await titles(["反映夜间施工噪音扰民问题"]);
    // A resident ID number by its last digits, as the visitor reads them out.
    await typeInto(driver, byTestId("filter-text"), "1235");
    await titles(["反映夜间施工噪音扰民问题"]);
    await typeInto(driver, byTestId("filter-text"), "440105196001011235");
    await titles(["反映夜间施工噪音扰民问题"]);
    await typeInto(driver, byTestId("filter-text"), "不存在的关键词");
    await waitText(driver, byTestId("cases-total"), "0");
    await titles([]);
    await click(driver, byTestId("filter-reset"));
    await titles(ALL);

    await selectOption(driver, byTestId("filter-channel"), "来访");
    await titles(["反映夜间施工噪音扰民问题"]);
    await click(driver, byTestId("filter-reset"));
    await titles(ALL);

    await selectOption(driver, byTestId("filter-locality"), "新兴街道");
    await titles(["反映夜间施工噪音扰民问题", "建议增设学校周边交通设施"]);
    await click(driver, byTestId("filter-reset"));
    await titles(ALL);

    await click(driver, byTestId("filter-due-overdue"));
    await titles(["反映楼盘逾期交房问题"]);
    await click(driver, byTestId("filter-reset"));
    await titles(ALL);
  },
  {
    prepare: async (db) => {
      await initOffice(db);
      await registerCase(db, { title: "反映工地拖欠工资问题", content: "包工头拖欠三个月工资。" });
      await registerCase(db, {
        channel: "visit",
        visit: { person_count: 2, batch_count: 1 },
        petitioners: [{ name: "李四" }, { name: "王五", id_number: "440105196001011235" }],
        title: "反映夜间施工噪音扰民问题",
        content: "工地夜间施工影响休息。",
        locality: { code: "445202002", name: "新兴街道" },
        matter_type: "环境保护",
      });
      await registerCase(db, {
        channel: "online",
        title: "建议增设学校周边交通设施",
        content: "学校门口缺少斑马线。",
        locality: { code: "445202002", name: "新兴街道" },
        matter_type: "教育",
        purpose: "suggestion",
      });
      await registerCase(db, { title: "反映楼盘逾期交房问题", content: "开发商逾期一年未交房。", received_at: daysAgo(30), matter_type: "城乡建设" });
    },
  },
);
