import { createApp } from "vue";
import { rowKeys } from "./rowKeys";
import { mark } from "./startup";
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import "./style.css";
import App from "./App.vue";
import router from "./router";

mark("script");
createApp(App).use(ElementPlus).use(router).directive("row-keys", rowKeys).mount("#app");
mark("mounted");
