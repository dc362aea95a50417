/**
 * Research fields behind the demo data. Each field is one 一级学科 of the 2022 学科专业目录 with the
 * 专业学位 category its professional students usually enrol in, the CSL label whose real papers
 * become its mentors' publications, and the text pieces (directions, skills, topics, labs) the
 * seed composes mentor profiles, capability entries and thesis topics from.
 */

export type ClusterId =
  | 'intelligent-manufacturing'
  | 'new-energy-vehicles'
  | 'integrated-circuits'
  | 'artificial-intelligence'
  | 'biomedicine'
  | 'new-materials'
  | 'next-generation-it'
  | 'high-end-equipment'
  | 'new-energy'
  | 'energy-saving-environmental';

/** Broad areas students choose topics in (信息 / 机械 / 材料化工 / 能源环境 / 生物医药). */
export type Area = 'info' | 'mech' | 'materials' | 'energy' | 'bio';

export type FieldKey =
  | 'cs'
  | 'control'
  | 'comm'
  | 'electronics'
  | 'electrical'
  | 'mech'
  | 'materials'
  | 'chem'
  | 'power'
  | 'optics'
  | 'mechanics'
  | 'transport'
  | 'env'
  | 'metallurgy'
  | 'pharmacy'
  | 'medicine'
  | 'biology'
  | 'food'
  | 'nuclear'
  | 'naval'
  | 'aero'
  | 'math'
  | 'physics'
  | 'tcm'
  | 'textile';

export interface Field {
  key: FieldKey;
  /** 一级学科 code (2022 catalogue). */
  code: string;
  name: string;
  /** 专业学位 category professional students of this field enrol in; absent when there is none. */
  professional?: string;
  /** Further codes some mentors of this field also carry (e.g. 1405 智能科学与技术 for computing). */
  secondary: string[];
  /** The `discipline` label of the CSL papers that become this field's publications. */
  csl: string;
  area: Area;
  clusters: ClusterId[];
  /** How many campus supervisors and industry mentors of this field the seed creates. */
  campus: number;
  industry: number;
  directions: string[];
  skills: string[];
  /** Thesis topics a supervisor of this field proposes. */
  topics: string[];
  labs: { name: string; kind: 'lab' | 'team' | 'platform' }[];
  equipment: string[];
  achievements: string[];
}

export const fields: Field[] = [
  {
    key: 'cs',
    code: '0812',
    name: '计算机科学与技术',
    professional: '0854',
    secondary: ['1405', '0835', '0839'],
    csl: '计算机科学与技术',
    area: 'info',
    clusters: ['artificial-intelligence', 'next-generation-it', 'intelligent-manufacturing'],
    campus: 16,
    industry: 14,
    directions: [
      '机器学习与数据挖掘',
      '计算机视觉',
      '自然语言处理与大语言模型',
      '分布式系统与云计算',
      '信息检索与推荐系统',
      '网络与信息安全',
      '知识图谱与智能问答',
      '嵌入式系统与边缘智能',
      '数据库与大数据管理',
    ],
    skills: [
      'Python',
      'PyTorch',
      'C++',
      '深度学习',
      '数据挖掘',
      'Linux',
      'SQL',
      '分布式计算',
      'Java',
      '大语言模型',
    ],
    topics: [
      '面向工业知识库的检索增强生成方法研究',
      '小样本条件下的工业缺陷图像检测方法研究',
      '基于图神经网络的设备故障诊断方法研究',
      '面向边缘设备的深度模型压缩与加速研究',
      '多源异构工业数据的联邦学习方法研究',
    ],
    labs: [
      { name: '智能计算与大数据实验室', kind: 'lab' },
      { name: '可信人工智能创新团队', kind: 'team' },
    ],
    equipment: ['GPU计算集群（A800 × 32）', '分布式存储系统（2 PB）', '边缘计算测试平台', '工业数据沙箱环境'],
    achievements: [
      '研发的工业缺陷检测系统在多家制造企业产线部署应用',
      '在CCF A类会议和期刊发表论文多篇，获省科学技术进步奖二等奖',
    ],
  },
  {
    key: 'control',
    code: '0811',
    name: '控制科学与工程',
    professional: '0854',
    secondary: ['1405'],
    csl: '控制科学与工程',
    area: 'info',
    clusters: ['intelligent-manufacturing', 'artificial-intelligence', 'high-end-equipment'],
    campus: 10,
    industry: 6,
    directions: [
      '先进过程控制',
      '机器人运动规划与控制',
      '模型预测控制',
      '多智能体协同控制',
      '故障诊断与容错控制',
      '智能优化与调度',
      '鲁棒控制与自适应控制',
      '工业过程软测量',
    ],
    skills: ['MATLAB/Simulink', '控制理论', 'ROS', 'PLC编程', 'C++', '系统辨识', '优化算法', '嵌入式开发'],
    topics: [
      '多移动机器人协同路径规划与调度方法研究',
      '基于模型预测控制的工业过程优化控制研究',
      '数据驱动的流程工业故障诊断方法研究',
      '面向柔性产线的强化学习调度方法研究',
    ],
    labs: [
      { name: '智能控制与机器人研究所', kind: 'lab' },
      { name: '工业过程控制工程研究中心', kind: 'platform' },
    ],
    equipment: [
      '六轴协作机器人工作站',
      '分布式控制系统（DCS）实验平台',
      '移动机器人集群测试场',
      'dSPACE实时仿真系统',
    ],
    achievements: [
      '开发的先进控制软件在石化、冶金企业装置上长期稳定运行',
      '承担国家重点研发计划“智能机器人”重点专项课题',
    ],
  },
  {
    key: 'comm',
    code: '0810',
    name: '信息与通信工程',
    professional: '0854',
    secondary: [],
    csl: '信息与通信工程',
    area: 'info',
    clusters: ['next-generation-it', 'artificial-intelligence'],
    campus: 12,
    industry: 9,
    directions: [
      '5G/6G无线通信',
      '信号与信息处理',
      '物联网通信技术',
      '卫星通信与导航',
      '雷达信号处理',
      '语音与音频信号处理',
      '图像与视频编码',
      '通信网络优化',
    ],
    skills: ['MATLAB', '信号处理', '通信原理', 'Python', 'FPGA', '软件无线电', '射频测试', 'C语言'],
    topics: [
      '工业5G专网确定性低时延传输方法研究',
      '低轨卫星通信终端波束跟踪算法研究',
      '复杂电磁环境下的雷达目标检测方法研究',
      '面向低功耗广域物联网的接入协议优化研究',
    ],
    labs: [
      { name: '宽带无线通信实验室', kind: 'lab' },
      { name: '信号智能处理创新团队', kind: 'team' },
    ],
    equipment: ['5G通信测试系统', '矢量网络分析仪', '软件无线电平台（USRP）', '微波暗室'],
    achievements: ['参与制定物联网通信行业标准3项', '研制的无线传感网络在智慧园区、矿山等场景示范应用'],
  },
  {
    key: 'electronics',
    code: '0809',
    name: '电子科学与技术',
    professional: '0854',
    secondary: ['1401'],
    csl: '电子科学与技术',
    area: 'info',
    clusters: ['integrated-circuits', 'next-generation-it'],
    campus: 12,
    industry: 8,
    directions: [
      '模拟与混合信号集成电路设计',
      '数字集成电路与SoC设计',
      '功率半导体器件',
      '微纳电子器件与工艺',
      'MEMS传感器',
      '射频集成电路',
      '集成电路可靠性',
      '电子设计自动化（EDA）',
    ],
    skills: ['Verilog', 'Cadence', '模拟电路设计', '数字后端', 'TCAD仿真', 'SPICE', '版图设计', 'FPGA'],
    topics: [
      '高能效模数转换器电路设计研究',
      '碳化硅功率器件栅氧可靠性研究',
      '基于机器学习的模拟电路尺寸优化方法研究',
      '面向物联网SoC的低功耗设计方法研究',
    ],
    labs: [
      { name: '集成电路设计与系统实验室', kind: 'lab' },
      { name: '宽禁带半导体器件创新团队', kind: 'team' },
    ],
    equipment: ['半导体参数分析仪', '探针台', 'EDA全流程设计软件', '高低温可靠性测试箱', '晶圆级测试系统'],
    achievements: ['多款芯片完成流片并在合作企业量产', '在IEEE JSSC、TED等期刊发表论文，授权发明专利20余项'],
  },
  {
    key: 'electrical',
    code: '0808',
    name: '电气工程',
    professional: '0858',
    secondary: [],
    csl: '电气工程',
    area: 'energy',
    clusters: ['new-energy', 'new-energy-vehicles', 'intelligent-manufacturing'],
    campus: 12,
    industry: 9,
    directions: [
      '电力电子变换技术',
      '电机设计与驱动控制',
      '新能源并网与微电网',
      '电力系统稳定与控制',
      '储能系统管理',
      '高电压与绝缘技术',
      '电池管理系统',
      '无线电能传输',
    ],
    skills: ['MATLAB/Simulink', '电力电子', 'PSCAD', '电机控制', 'DSP开发', '电路设计', 'PLECS', 'C语言'],
    topics: [
      '构网型储能变流器稳定控制方法研究',
      '高功率密度车载充电机拓扑与控制研究',
      '永磁同步电机无位置传感器控制研究',
      '锂离子电池健康状态在线估计方法研究',
      '新能源高渗透配电网电压协调控制研究',
    ],
    labs: [
      { name: '电力电子与电气传动实验室', kind: 'lab' },
      { name: '新能源电力系统工程研究中心', kind: 'platform' },
    ],
    equipment: ['RT-LAB实时仿真器', '电机对拖测试台', '电池充放电测试系统', '功率分析仪', '高压绝缘试验装置'],
    achievements: ['研制的储能变流器在多个用户侧储能电站投运', '获省科技进步奖一等奖，授权发明专利30余项'],
  },
  {
    key: 'mech',
    code: '0802',
    name: '机械工程',
    professional: '0855',
    secondary: [],
    csl: '机械工程',
    area: 'mech',
    clusters: ['intelligent-manufacturing', 'high-end-equipment', 'new-energy-vehicles'],
    campus: 14,
    industry: 11,
    directions: [
      '智能制造系统',
      '数控加工与精密制造',
      '机械故障诊断与预测维护',
      '机器人机构学',
      '增材制造',
      '机械振动与噪声控制',
      '数字孪生',
      '摩擦学与表面工程',
      '车辆工程',
    ],
    skills: ['SolidWorks', 'ANSYS', '有限元分析', '振动信号分析', 'MATLAB', '数控编程', '机械设计', 'Python'],
    topics: [
      '基于数字孪生的产线性能预测与优化研究',
      '数控机床热误差建模与补偿方法研究',
      '变工况下滚动轴承剩余寿命预测方法研究',
      '金属增材制造零件残余应力调控研究',
      '协作机器人柔顺装配控制方法研究',
    ],
    labs: [
      { name: '智能制造装备与技术实验室', kind: 'lab' },
      { name: '机械装备健康监测创新团队', kind: 'team' },
    ],
    equipment: [
      '五轴联动加工中心',
      '激光选区熔化增材制造设备',
      '振动噪声测试系统',
      '三坐标测量机',
      '工业机器人实训线',
    ],
    achievements: ['研发的设备健康管理系统在风电、轨道交通企业应用', '获国家技术发明奖二等奖（合作）'],
  },
  {
    key: 'materials',
    code: '0805',
    name: '材料科学与工程',
    professional: '0856',
    secondary: ['1406'],
    csl: '材料科学与工程',
    area: 'materials',
    clusters: ['new-materials', 'new-energy', 'integrated-circuits'],
    campus: 14,
    industry: 9,
    directions: [
      '锂/钠离子电池电极材料',
      '高性能复合材料',
      '金属结构材料',
      '功能陶瓷',
      '高分子材料改性',
      '材料计算与设计',
      '表面工程与涂层',
      '半导体材料',
    ],
    skills: [
      'XRD分析',
      'SEM/TEM表征',
      '材料制备',
      '电化学测试',
      '第一性原理计算',
      'Origin',
      '热分析',
      '力学性能测试',
    ],
    topics: [
      '高镍三元正极材料表面包覆改性研究',
      '钠离子电池层状氧化物正极结构稳定性研究',
      '连续纤维增强热塑性复合材料界面调控研究',
      '高熵合金涂层的耐磨耐蚀性能研究',
      '面向固态电解质的高通量计算筛选研究',
    ],
    labs: [
      { name: '先进能源材料实验室', kind: 'lab' },
      { name: '复合材料与结构创新团队', kind: 'team' },
    ],
    equipment: [
      'X射线衍射仪',
      '场发射扫描电镜',
      '透射电子显微镜',
      '电化学工作站',
      '热压烧结炉',
      '万能材料试验机',
    ],
    achievements: [
      '开发的高性能正极材料实现吨级中试',
      '在Advanced Materials等期刊发表论文，授权发明专利40余项',
    ],
  },
  {
    key: 'chem',
    code: '0817',
    name: '化学工程与技术',
    professional: '0856',
    secondary: ['0703'],
    csl: '化学/化学工程与技术',
    area: 'materials',
    clusters: ['new-materials', 'new-energy', 'biomedicine', 'energy-saving-environmental'],
    campus: 10,
    industry: 6,
    directions: [
      '化工过程强化',
      '多相催化',
      '精细化学品合成',
      '分离工程',
      '电化学工程',
      '绿色化工工艺',
      '微反应与连续流技术',
      '化工过程模拟',
    ],
    skills: [
      'Aspen Plus',
      '有机合成',
      '催化剂表征',
      'HPLC/GC分析',
      '反应工程',
      '分离纯化',
      '实验设计',
      '化工安全',
    ],
    topics: [
      '微通道反应器内连续流硝化工艺研究',
      '电子级化学品中痕量金属杂质分离纯化研究',
      'VOCs低温催化氧化催化剂设计研究',
      '碱性电解水制氢电极催化剂研究',
    ],
    labs: [
      { name: '绿色化工过程实验室', kind: 'lab' },
      { name: '精细化工中试平台', kind: 'platform' },
    ],
    equipment: ['连续流微反应系统', '气相/液相色谱仪', '程序升温化学吸附仪', '中试精馏装置', '高压反应釜'],
    achievements: ['开发的连续流工艺在多家精细化工企业实现工业化', '获中国石油和化学工业联合会科技进步奖'],
  },
  {
    key: 'power',
    code: '0807',
    name: '动力工程及工程热物理',
    professional: '0858',
    secondary: [],
    csl: '动力工程及工程热物理',
    area: 'energy',
    clusters: ['new-energy', 'new-energy-vehicles', 'energy-saving-environmental'],
    campus: 10,
    industry: 6,
    directions: [
      '传热强化与热管理',
      '燃烧与排放控制',
      '氢能与燃料电池',
      '风力机空气动力学',
      '余热回收与能量系统优化',
      '叶轮机械',
      '储热与储冷技术',
      '多相流',
    ],
    skills: [
      'Fluent/CFD',
      '传热学',
      '热力学分析',
      'MATLAB',
      '实验测试技术',
      'GT-Suite',
      '能量系统优化',
      'Python',
    ],
    topics: [
      '动力电池包液冷板流道优化设计研究',
      '燃料电池电堆水热管理策略研究',
      '工业余热有机朗肯循环系统优化研究',
      '风电机组叶片结冰机理与监测方法研究',
    ],
    labs: [
      { name: '热科学与能源工程实验室', kind: 'lab' },
      { name: '氢能与燃料电池创新团队', kind: 'team' },
    ],
    equipment: ['燃料电池测试台', '粒子图像测速系统（PIV）', '红外热像仪', '风洞试验段', '热物性测试仪'],
    achievements: [
      '研制的电池热管理系统在多款车型上配套',
      '承担国家重点研发计划“可再生能源与氢能技术”专项课题',
    ],
  },
  {
    key: 'optics',
    code: '0803',
    name: '光学工程',
    professional: '0854',
    secondary: [],
    csl: '光学工程',
    area: 'info',
    clusters: ['integrated-circuits', 'high-end-equipment', 'next-generation-it'],
    campus: 8,
    industry: 4,
    directions: [
      '光电检测与精密测量',
      '激光技术与应用',
      '光纤传感',
      '光通信器件',
      '计算成像',
      '光学设计',
      '机器视觉测量',
    ],
    skills: ['Zemax', '光学设计', 'LabVIEW', '图像处理', '激光器调试', 'MATLAB', '光谱分析', 'OpenCV'],
    topics: [
      '基于结构光的复杂曲面三维形貌测量研究',
      '高速光模块信号完整性测试方法研究',
      '分布式光纤振动传感信号识别研究',
    ],
    labs: [
      { name: '精密光电测量实验室', kind: 'lab' },
      { name: '激光制造技术创新团队', kind: 'team' },
    ],
    equipment: ['激光干涉仪', '飞秒激光加工系统', '光谱分析仪', '高速相机', '光学隔振平台'],
    achievements: ['研制的在线光学检测设备应用于光伏、面板产线', '授权发明专利25项，转让专利8项'],
  },
  {
    key: 'mechanics',
    code: '0801',
    name: '力学',
    professional: '0855',
    secondary: [],
    csl: '力学',
    area: 'mech',
    clusters: ['high-end-equipment'],
    campus: 6,
    industry: 2,
    directions: ['固体力学', '结构强度与疲劳', '计算力学', '流固耦合', '冲击动力学', '复合材料力学'],
    skills: ['ABAQUS', '有限元分析', '疲劳分析', 'Fortran', '实验力学', '数值计算'],
    topics: [
      '先进封装结构热—力耦合翘曲预测研究',
      '复合材料层合板冲击损伤演化研究',
      '焊接结构多轴疲劳寿命预测研究',
    ],
    labs: [{ name: '结构强度与振动实验室', kind: 'lab' }],
    equipment: ['电液伺服疲劳试验机', '数字图像相关（DIC）测量系统', '落锤冲击试验机', '高性能计算集群'],
    achievements: ['为航空、轨道交通企业完成多项关键结构强度评估'],
  },
  {
    key: 'transport',
    code: '0823',
    name: '交通运输工程',
    professional: '0861',
    secondary: [],
    csl: '交通运输工程',
    area: 'mech',
    clusters: ['new-energy-vehicles', 'high-end-equipment'],
    campus: 8,
    industry: 6,
    directions: [
      '智能网联汽车',
      '轨道车辆动力学',
      '交通流建模与控制',
      '车路协同',
      '载运工具运用工程',
      '交通大数据分析',
    ],
    skills: ['SUMO/VISSIM', 'Python', '车辆动力学', 'CarSim', '交通数据分析', 'C++', 'MATLAB'],
    topics: [
      '城市道路场景下多传感器融合目标跟踪研究',
      '高速列车转向架服役状态监测方法研究',
      '车路协同环境下交叉口信号优化研究',
    ],
    labs: [
      { name: '智能网联汽车测试实验室', kind: 'lab' },
      { name: '轨道交通装备创新团队', kind: 'team' },
    ],
    equipment: ['智能网联汽车封闭测试场', '车辆动力学仿真平台', '驾驶模拟器', '激光雷达标定设备'],
    achievements: ['承担国家智能网联汽车测试示范区建设任务', '研发的状态监测系统在城轨线路应用'],
  },
  {
    key: 'env',
    code: '0830',
    name: '环境科学与工程',
    professional: '0857',
    secondary: [],
    csl: '环境科学与工程',
    area: 'energy',
    clusters: ['energy-saving-environmental'],
    campus: 6,
    industry: 4,
    directions: [
      '工业废水处理与回用',
      '大气污染控制',
      '固体废物资源化',
      '碳排放核算与碳中和路径',
      '环境监测与风险评估',
      '土壤修复',
    ],
    skills: ['水质分析', '环境监测', '生命周期评价', 'Python', 'GIS', '污染物表征'],
    topics: [
      '电镀废水重金属深度去除与资源回收研究',
      '工业园区碳排放核算与减排路径研究',
      '退役锂电池有价金属绿色回收工艺研究',
    ],
    labs: [{ name: '环境污染控制与资源化实验室', kind: 'lab' }],
    equipment: ['电感耦合等离子体质谱仪', '总有机碳分析仪', '中试水处理装置', '大气颗粒物采样系统'],
    achievements: ['多项工业废水处理技术在园区污水厂应用', '参与编制地方污染物排放标准'],
  },
  {
    key: 'metallurgy',
    code: '0806',
    name: '冶金工程',
    professional: '0856',
    secondary: [],
    csl: '冶金工程',
    area: 'materials',
    clusters: ['new-materials'],
    campus: 5,
    industry: 2,
    directions: ['洁净钢冶炼', '有色金属提取', '冶金过程模拟', '粉末冶金', '稀土冶金'],
    skills: ['热力学计算', 'FactSage', '冶金实验', '金相分析', 'Fluent'],
    topics: ['轴承钢非金属夹杂物形成机理与控制研究', '钕铁硼磁体晶界扩散工艺优化研究'],
    labs: [{ name: '洁净冶金与材料制备实验室', kind: 'lab' }],
    equipment: ['真空感应熔炼炉', '高温共聚焦显微镜', '热模拟试验机', '自动夹杂物分析系统'],
    achievements: ['开发的夹杂物控制工艺在特钢企业推广'],
  },
  {
    key: 'pharmacy',
    code: '1007',
    name: '药学',
    professional: '1055',
    secondary: ['0860'],
    csl: '药学',
    area: 'bio',
    clusters: ['biomedicine'],
    campus: 10,
    industry: 8,
    directions: [
      '药物制剂与新型给药系统',
      '药物化学与合成工艺',
      '药物分析与质量控制',
      '药理学与药效评价',
      '生物药物',
      '药物警戒与临床药学',
      '天然药物化学',
    ],
    skills: ['HPLC', '制剂工艺', '药物合成', '细胞实验', '质量研究', '动物实验', 'GMP', '统计分析'],
    topics: [
      '难溶性药物无定形固体分散体稳定性研究',
      '抗体药物高浓度制剂黏度调控研究',
      '基于真实世界数据的药物不良反应信号挖掘研究',
      '创新药关键中间体连续流合成工艺研究',
    ],
    labs: [
      { name: '药物制剂与释药系统实验室', kind: 'lab' },
      { name: '创新药物研发公共服务平台', kind: 'platform' },
    ],
    equipment: ['超高效液相色谱—质谱联用仪', '喷雾干燥机', '溶出度仪', '细胞培养平台', '动物实验中心'],
    achievements: ['多个新药品种获临床试验批件并转让企业', '获省科学技术奖一等奖'],
  },
  {
    key: 'medicine',
    code: '1002',
    name: '临床医学',
    professional: '1051',
    secondary: ['1001'],
    csl: '基础医学/临床医学',
    area: 'bio',
    clusters: ['biomedicine'],
    campus: 4,
    industry: 2,
    directions: ['医学影像与辅助诊断', '转化医学', '临床试验方法学', '心血管疾病机制', '肿瘤精准医学'],
    skills: ['临床研究设计', '统计分析', '医学影像', 'R语言', '分子生物学实验'],
    topics: ['肺结节CT影像深度学习辅助诊断的临床验证研究', '医疗器械临床评价方法研究'],
    labs: [{ name: '转化医学研究中心', kind: 'platform' }],
    equipment: ['3.0T磁共振成像系统', '流式细胞仪', '生物样本库', '临床数据平台'],
    achievements: ['牵头多中心临床研究，成果写入诊疗指南'],
  },
  {
    key: 'biology',
    code: '0710',
    name: '生物学',
    professional: '0860',
    secondary: ['0836'],
    csl: '生物学/生物科学与工程',
    area: 'bio',
    clusters: ['biomedicine'],
    campus: 6,
    industry: 3,
    directions: ['合成生物学', '细胞培养工艺', '蛋白质工程', '微生物发酵', '生物信息学', '基因编辑'],
    skills: ['分子克隆', '细胞培养', '发酵工艺', '生物信息分析', 'Western Blot', 'qPCR'],
    topics: [
      'CHO细胞高密度灌流培养工艺优化研究',
      '合成生物学菌株高通量筛选方法研究',
      '益生菌活性保持与稳态化技术研究',
    ],
    labs: [
      { name: '合成生物学与生物制造实验室', kind: 'lab' },
      { name: '生物反应器工艺创新团队', kind: 'team' },
    ],
    equipment: ['50 L生物反应器', '高通量测序平台', '液相色谱纯化系统', '流式细胞分选仪'],
    achievements: ['构建的高产菌株在生物制造企业实现产业化'],
  },
  {
    key: 'food',
    code: '0832',
    name: '食品科学与工程',
    professional: '0860',
    secondary: ['0955'],
    csl: '食品科学与工程',
    area: 'bio',
    clusters: ['biomedicine'],
    campus: 4,
    industry: 2,
    directions: ['功能性食品', '食品加工与保鲜', '食品安全检测', '营养与健康'],
    skills: ['食品分析', '感官评价', '提取纯化', '微生物检测', 'SPSS'],
    topics: ['植物多酚微胶囊化与稳态化研究', '冷链食品品质快速无损检测研究'],
    labs: [{ name: '功能食品与营养健康实验室', kind: 'lab' }],
    equipment: ['超临界萃取装置', '喷雾干燥塔', '质构仪', '气相色谱—质谱联用仪'],
    achievements: ['开发的功能性配料在多家食品企业量产'],
  },
  {
    key: 'nuclear',
    code: '0827',
    name: '核科学与技术',
    professional: '0858',
    secondary: [],
    csl: '核科学与技术',
    area: 'energy',
    clusters: ['new-energy', 'high-end-equipment'],
    campus: 4,
    industry: 2,
    directions: ['反应堆热工水力', '辐射防护与探测', '核电设备无损检测', '核燃料与材料'],
    skills: ['RELAP5', '蒙特卡罗模拟', '辐射测量', 'Python', '无损检测'],
    topics: ['小型模块化反应堆自然循环稳定性研究', '核电站蒸汽发生器传热管涡流检测信号识别研究'],
    labs: [{ name: '先进核能系统实验室', kind: 'lab' }],
    equipment: ['热工水力回路实验台', '辐射探测器标定装置', '涡流检测系统'],
    achievements: ['为核电企业提供关键设备在役检测技术支持'],
  },
  {
    key: 'naval',
    code: '0824',
    name: '船舶与海洋工程',
    professional: '0855',
    secondary: [],
    csl: '船舶与海洋工程',
    area: 'mech',
    clusters: ['high-end-equipment'],
    campus: 4,
    industry: 2,
    directions: ['船舶结构力学', '船舶推进与振动', '海洋工程装备', '船舶智能航行'],
    skills: ['船舶设计', 'ANSYS', '水动力计算', 'Star-CCM+', '振动测试'],
    topics: ['大型集装箱船推进轴系回旋振动控制研究', '智能船舶避碰决策方法研究'],
    labs: [{ name: '船舶与海洋结构物实验室', kind: 'lab' }],
    equipment: ['船模拖曳水池', '空泡水筒', '结构振动测试系统'],
    achievements: ['参与多型高技术船舶的设计与试验'],
  },
  {
    key: 'aero',
    code: '0825',
    name: '航空宇航科学与技术',
    professional: '0855',
    secondary: [],
    csl: '航空宇航科学与技术',
    area: 'mech',
    clusters: ['high-end-equipment'],
    campus: 3,
    industry: 1,
    directions: ['航空发动机结构强度', '飞行器设计', '航空复合材料结构', '飞行控制'],
    skills: ['CATIA', '结构强度分析', 'CFD', '飞行力学', 'MATLAB'],
    topics: ['航空发动机叶片激光增材修复工艺与性能研究', '复合材料蜂窝夹层结构超声无损检测研究'],
    labs: [{ name: '飞行器结构与动力实验室', kind: 'lab' }],
    equipment: ['叶片振动疲劳试验台', '超声C扫描检测系统', '低速风洞'],
    achievements: ['为航空主机厂所完成多项结构件强度与修复验证'],
  },
  {
    key: 'math',
    code: '0701',
    name: '数学',
    secondary: ['0714'],
    csl: '数学',
    area: 'info',
    clusters: ['artificial-intelligence'],
    campus: 6,
    industry: 0,
    directions: ['最优化理论与算法', '数值分析与科学计算', '统计学习理论', '运筹学', '偏微分方程数值解'],
    skills: ['数学建模', 'MATLAB', 'Python', '优化算法', '数值计算'],
    topics: ['大规模整数规划的分解算法研究', '深度学习优化算法的收敛性分析'],
    labs: [{ name: '应用数学与科学计算中心', kind: 'platform' }],
    equipment: ['高性能计算集群', '优化求解器商业授权'],
    achievements: ['为物流、电网企业提供调度优化算法'],
  },
  {
    key: 'physics',
    code: '0702',
    name: '物理学',
    secondary: [],
    csl: '物理学',
    area: 'materials',
    clusters: ['integrated-circuits', 'new-materials', 'new-energy'],
    campus: 4,
    industry: 0,
    directions: ['凝聚态物理', '光伏物理', '半导体物理', '计算物理'],
    skills: ['第一性原理计算', '薄膜制备', '光谱测量', 'Python'],
    topics: ['钙钛矿太阳能电池界面缺陷钝化机理研究', '二维半导体材料载流子输运研究'],
    labs: [{ name: '凝聚态与光电物理实验室', kind: 'lab' }],
    equipment: ['分子束外延系统', '低温强磁场测量系统', '稳态/瞬态荧光光谱仪'],
    achievements: ['在Physical Review系列期刊发表论文多篇'],
  },
  {
    key: 'tcm',
    code: '1008',
    name: '中药学',
    professional: '1056',
    secondary: [],
    csl: '中医学/中药学',
    area: 'bio',
    clusters: ['biomedicine'],
    campus: 4,
    industry: 3,
    directions: ['中药质量标志物', '中药制剂工艺', '中药药效物质基础', '中药资源开发'],
    skills: ['HPLC指纹图谱', '中药提取', '网络药理学', '质量标准研究', '统计分析'],
    topics: ['经典名方质量标志物识别与质量评价研究', '中药配方颗粒提取工艺数字化研究'],
    labs: [{ name: '中药质量与制剂工程实验室', kind: 'lab' }],
    equipment: ['超高效液相色谱仪', '中药提取浓缩中试线', '近红外在线检测系统'],
    achievements: ['建立的中药质量标准被药典收载'],
  },
  {
    key: 'textile',
    code: '0821',
    name: '纺织科学与工程',
    professional: '0856',
    secondary: [],
    csl: '纺织科学与工程',
    area: 'materials',
    clusters: ['new-materials'],
    campus: 4,
    industry: 2,
    directions: ['功能纤维材料', '智能纺织品', '非织造材料', '纺织复合材料'],
    skills: ['纤维纺丝', '纺织材料测试', '染整工艺', '材料表征'],
    topics: ['相变调温纤维制备与性能研究', '柔性可穿戴纺织传感器研究'],
    labs: [{ name: '功能纤维与智能纺织品实验室', kind: 'lab' }],
    equipment: ['静电纺丝设备', '熔融纺丝中试线', '织物性能测试系统'],
    achievements: ['开发的功能纤维产品在纺织企业批量生产'],
  },
];

export const fieldByKey = new Map(fields.map((f) => [f.key, f]));

export function field(key: FieldKey): Field {
  const f = fieldByKey.get(key);
  if (!f) throw new Error(`unknown field ${key}`);
  return f;
}

/** Codes a student, topic or challenge of this field is labelled with for a degree type. */
export function codesFor(f: Field, degreeType: 'academic' | 'professional'): string[] {
  return degreeType === 'professional' && f.professional ? [f.professional, f.code] : [f.code];
}
