import { createRouter, createWebHashHistory } from "vue-router";

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: "/", redirect: "/workbench" },
    { path: "/workbench", name: "workbench", component: () => import("@/views/WorkbenchView.vue"), meta: { title: "工作台" } },
    { path: "/register", name: "register", component: () => import("@/views/RegisterView.vue"), meta: { title: "登记" } },
    { path: "/cases", name: "cases", component: () => import("@/views/CasesView.vue"), meta: { title: "案件" } },
    { path: "/settings", name: "settings", component: () => import("@/views/SettingsView.vue"), meta: { title: "设置" } },
  ],
});

export default router;
